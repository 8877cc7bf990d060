package dev.hybridauth.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Signs session JWTs: header {@code alg}, {@code kid}, {@code typ: JWT}; claims
 * {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp},
 * {@code jti}, {@code sid}, {@code auth_time}, {@code roles}, plus what the customizers
 * add.
 */
class NimbusSessionJwtIssuer implements SessionJwtIssuer {

	/** The claims the issuer sets and customizers cannot override. */
	static final Set<String> REGISTERED_CLAIMS = Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "sid",
			"auth_time", "roles");

	private static final Log logger = LogFactory.getLog(NimbusSessionJwtIssuer.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SigningKeys keys;

	private final SessionJwtSettings settings;

	private final Clock clock;

	private final List<SessionJwtClaimsCustomizer> customizers;

	NimbusSessionJwtIssuer(SigningKeys keys, SessionJwtSettings settings, Clock clock,
			List<SessionJwtClaimsCustomizer> customizers) {
		this.keys = keys;
		this.settings = settings;
		this.clock = clock;
		this.customizers = List.copyOf(customizers);
	}

	@Override
	public SessionJwt issue(HybridSession session) {
		return issue(session, this.clock.instant());
	}

	/**
	 * Issues a JWT for a session as if it had been issued at {@code issuedAt}: the seam
	 * through which hybrid-auth-spring-boot-test issues tokens of a given age; the
	 * request path only ever issues at the clock's instant.
	 * @param session the live session the token stands for
	 * @param issuedAt its {@code iat} (and {@code nbf}), to the second
	 * @return the signed token
	 */
	SessionJwt issue(HybridSession session, Instant issuedAt) {
		Instant now = issuedAt.truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(this.settings.ttl());
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
		customClaims(session).forEach(claims::claim);
		claims.issuer(this.settings.issuer())
			.subject(session.userId())
			.audience(this.settings.audience())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(expiresAt))
			.jwtID(newJwtId())
			.claim("sid", session.sessionId())
			.claim("auth_time", session.authenticatedAt().getEpochSecond())
			.claim("roles", session.authorities());
		SigningKey key = this.keys.signingKey();
		JWSHeader header = new JWSHeader.Builder(key.jwsAlgorithm()).keyID(key.keyId())
			.type(JOSEObjectType.JWT)
			.build();
		SignedJWT jwt = new SignedJWT(header, claims.build());
		try {
			jwt.sign(key.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a session JWT with key " + key.keyId(), ex);
		}
		return new SessionJwt(jwt.serialize(), now, expiresAt);
	}

	/**
	 * A new {@code jti}: 128 random bits, base64url without padding.
	 * @return the new token id
	 */
	private static String newJwtId() {
		byte[] random = new byte[16];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private Map<String, Object> customClaims(HybridSession session) {
		Map<String, Object> custom = new LinkedHashMap<>();
		for (SessionJwtClaimsCustomizer customizer : this.customizers) {
			customizer.customize(session, custom);
		}
		for (String registered : REGISTERED_CLAIMS) {
			if (custom.remove(registered) != null) {
				logger.warn("A SessionJwtClaimsCustomizer tried to set the registered claim '" + registered
						+ "'; it was ignored");
			}
		}
		return custom;
	}

}
