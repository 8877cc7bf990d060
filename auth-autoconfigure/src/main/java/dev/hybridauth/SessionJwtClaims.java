package dev.hybridauth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The claims of a session JWT that passed verification, as the application sees them on
 * {@link HybridAuthentication.Details#jwt()}.
 *
 * @param subject the user id ({@code sub})
 * @param sessionId the session ({@code sid})
 * @param jwtId the token id ({@code jti})
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param authenticatedAt {@code auth_time}, or {@code null} when the token has none
 * @param roles the authorities ({@code roles})
 * @param claims every claim of the token, the application's own included, as JSON values
 */
public record SessionJwtClaims(String subject, String sessionId, String jwtId, Instant issuedAt, Instant expiresAt,
		Instant authenticatedAt, List<String> roles, Map<String, Object> claims) {

	public SessionJwtClaims {
		roles = List.copyOf(roles);
		claims = Map.copyOf(claims);
	}

}
