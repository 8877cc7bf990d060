package dev.hybridauth;

import java.time.Instant;

/**
 * A signed session JWT, as issued at login or refresh.
 *
 * @param token the compact JWS; a credential, never log it
 * @param issuedAt its {@code iat}
 * @param expiresAt its {@code exp}
 */
public record SessionJwt(String token, Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "SessionJwt[token=<hidden>, issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
