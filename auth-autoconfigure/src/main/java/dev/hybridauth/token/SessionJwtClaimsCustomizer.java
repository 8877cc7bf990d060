package dev.hybridauth.token;

import java.util.Map;

import dev.hybridauth.HybridSession;

/**
 * Adds claims of the application's own to every session JWT. The registered claims
 * ({@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp},
 * {@code jti}, {@code sid}, {@code auth_time}, {@code roles}) are set after the
 * customizers run and cannot be overridden. Customizer beans apply in {@code @Order}.
 */
@FunctionalInterface
public interface SessionJwtClaimsCustomizer {

	/**
	 * Adds claims to one session JWT; called each time a token is issued, at login,
	 * refresh and re-authentication, and once at start-up for the warm-up's session (user
	 * id {@code hybrid-auth-warm-up}, no stored row, its JWT never sent) unless
	 * {@code hybrid-auth.warm-up.enabled} is off. An exception thrown then only skips
	 * that part of the warm-up.
	 * @param session the session the token is issued for
	 * @param claims the claims to add, by name; values must be JSON-compatible
	 */
	void customize(HybridSession session, Map<String, Object> claims);

}
