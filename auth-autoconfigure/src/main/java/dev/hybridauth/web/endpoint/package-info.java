/**
 * The hybrid-auth endpoints under the base path, the JWKS, and their JSON records. Only
 * {@link HybridAuthEndpointsAutoConfiguration}, which sets them up, is public.
 */
package dev.hybridauth.web.endpoint;
