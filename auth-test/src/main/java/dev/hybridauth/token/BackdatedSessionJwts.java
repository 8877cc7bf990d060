package dev.hybridauth.token;

import java.time.Instant;

import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;

/**
 * Internal to hybrid-auth-spring-boot-test, not an API: has the application's session JWT
 * issuer sign a token issued in the past, which only this package can ask it for.
 */
public final class BackdatedSessionJwts {

	private BackdatedSessionJwts() {
	}

	/**
	 * Issues a session JWT as the issuer would have at {@code issuedAt}: signed with the
	 * key that signs now, with the application's claims customizers.
	 * @param issuer the application's issuer
	 * @param session the session the token stands for
	 * @param issuedAt its {@code iat}
	 * @return the signed token
	 * @throws IllegalStateException when the application replaced the issuer
	 */
	public static SessionJwt issue(SessionJwtIssuer issuer, HybridSession session, Instant issuedAt) {
		if (issuer instanceof NimbusSessionJwtIssuer nimbusIssuer) {
			return nimbusIssuer.issue(session, issuedAt);
		}
		throw new IllegalStateException("hybrid-auth-spring-boot-test issues session JWTs of a given age through "
				+ "the starter's own SessionJwtIssuer, but the application defines its own ("
				+ issuer.getClass().getName() + "): use tokenAge 0");
	}

}
