/**
 * The HTTP plumbing shared by the authentication filter and the endpoints: endpoint paths
 * ({@link EndpointSettings}), cookies ({@link SessionCookies}), the refresh over HTTP
 * ({@link SessionRefresher}), which routes are sensitive (the
 * {@link SensitiveRouteResolver} SPI and {@link SensitiveRouteRequirement}), the success
 * handler for other logins ({@link HybridAuthenticationSuccessHandler}) and the firewall,
 * all set up by {@link HybridAuthWebAutoConfiguration}.
 */
package dev.hybridauth.web;
