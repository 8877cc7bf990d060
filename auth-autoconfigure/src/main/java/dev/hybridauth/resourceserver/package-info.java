/**
 * For other services that accept session JWTs through Spring Security's OAuth2 resource
 * server: {@link SessionJwtResourceServer}, the decoder and authorities of a session JWT.
 * Needs {@code spring-security-oauth2-resource-server} and
 * {@code spring-security-oauth2-jose} on the classpath (the resource server's starter).
 */
package dev.hybridauth.resourceserver;
