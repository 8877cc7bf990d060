/**
 * The request path: credential resolution, the authentication filter, the JWT and
 * session-token authenticators, the sensitive-route check, the {@code 401}/{@code 403}
 * answers and the CSRF rule. An application touches {@link HybridAuthenticationFilter},
 * the {@link CredentialResolver} SPI, {@link HybridCredential},
 * {@link MalformedCredentialException}, {@link HybridAuthenticationEntryPoint},
 * {@link HybridAccessDeniedHandler} and {@link HybridCsrfRequestMatcher}.
 */
package dev.hybridauth.web.authentication;
