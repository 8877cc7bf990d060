package dev.hybridauth.token;

import java.time.Duration;

import dev.hybridauth.SessionJwtClaims;

/**
 * Verifies session JWTs locally, with no database call: the shape and size, the header (a
 * published {@code kid} and exactly its algorithm), the signature, then the claims
 * ({@code iss}, {@code aud}, {@code exp}, {@code nbf}, {@code iat}, {@code sub},
 * {@code sid}, {@code jti}, the lifetime).
 */
public interface SessionJwtVerifier {

	/**
	 * Verifies a token completely, as the request path does for every bearer or cookie
	 * JWT.
	 * @param token a compact JWS
	 * @return the verified claims
	 * @throws InvalidSessionJwtException for any fault, expiry included
	 */
	SessionJwtClaims verify(String token) throws InvalidSessionJwtException;

	/**
	 * Verifies a token that may have expired, but not longer ago than the grace period.
	 * @param token a compact JWS
	 * @param gracePeriod how long after its expiry a token is still accepted
	 * @return the verified claims
	 * @throws InvalidSessionJwtException for any other fault, or an expiry older than the
	 * grace period
	 */
	SessionJwtClaims verifyAllowingExpiry(String token, Duration gracePeriod) throws InvalidSessionJwtException;

}
