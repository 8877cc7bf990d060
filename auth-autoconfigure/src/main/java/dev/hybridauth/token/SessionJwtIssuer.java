package dev.hybridauth.token;

import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;

/**
 * Signs session JWTs: header {@code alg}, {@code kid}, {@code typ: JWT}; claims
 * {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp},
 * {@code jti}, {@code sid}, {@code auth_time}, {@code roles}, plus what the application's
 * {@link SessionJwtClaimsCustomizer}s add.
 */
@FunctionalInterface
public interface SessionJwtIssuer {

	/**
	 * Issues a new JWT for a session, signed with the key that signs now; called at
	 * login, refresh and re-authentication.
	 * @param session the live session the token stands for
	 * @return the signed token
	 */
	SessionJwt issue(HybridSession session);

}
