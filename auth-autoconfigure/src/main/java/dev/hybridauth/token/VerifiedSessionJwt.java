package dev.hybridauth.token;

import java.time.Instant;
import java.util.List;

/**
 * What a verified session JWT says.
 *
 * @param subject the user id ({@code sub})
 * @param sessionId the session ({@code sid})
 * @param jwtId the token id ({@code jti})
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param authenticatedAt {@code auth_time}
 * @param roles the authorities ({@code roles})
 */
public record VerifiedSessionJwt(String subject, String sessionId, String jwtId, Instant issuedAt, Instant expiresAt,
        Instant authenticatedAt, List<String> roles) {

}
