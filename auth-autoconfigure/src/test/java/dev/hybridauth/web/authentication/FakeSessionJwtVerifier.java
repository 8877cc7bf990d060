package dev.hybridauth.web.authentication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtVerifier;

/**
 * A {@link SessionJwtVerifier} that accepts the tokens it was given, with their claims,
 * refuses every other one, and records what it was asked to verify.
 */
class FakeSessionJwtVerifier implements SessionJwtVerifier {

	private final Map<String, SessionJwtClaims> valid = new HashMap<>();

	private final List<String> verified = new ArrayList<>();

	/**
	 * @param token a JWT that verifies
	 * @param claims its claims
	 */
	void givenValid(String token, SessionJwtClaims claims) {
		this.valid.put(token, claims);
	}

	/**
	 * @return the tokens verified so far, in order
	 */
	List<String> verified() {
		return List.copyOf(this.verified);
	}

	@Override
	public SessionJwtClaims verify(String token) throws InvalidSessionJwtException {
		this.verified.add(token);
		SessionJwtClaims claims = this.valid.get(token);
		if (claims == null) {
			throw new InvalidSessionJwtException("not a valid test token");
		}
		return claims;
	}

	@Override
	public SessionJwtClaims verifyAllowingExpiry(String token, Duration gracePeriod) {
		throw new UnsupportedOperationException("not on the request path");
	}

}
