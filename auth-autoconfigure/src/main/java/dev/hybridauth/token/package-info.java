/**
 * Session JWTs: keys (from files, in the database, in memory), issuing, verification and
 * the verified-token cache. An application touches {@link SigningKeys},
 * {@link SigningKey}, {@link SessionJwtIssuer}, {@link SessionJwtVerifier},
 * {@link SessionJwtClaimsCustomizer} and {@link InvalidSessionJwtException};
 * {@link SessionJwtAutoConfiguration} sets them up.
 */
package dev.hybridauth.token;
