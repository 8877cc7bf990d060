package dev.hybridauth.web.authentication;

import java.util.Optional;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtVerifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Authenticates a request by its session JWT, locally: no database call. The revocation
 * view, when there is one, is consulted in memory.
 */
final class JwtAuthenticator {

	private static final Log logger = LogFactory.getLog(JwtAuthenticator.class);

	private final SessionJwtVerifier verifier;

	private final HybridAuthMetrics metrics;

	private final RevocationView revocations;

	JwtAuthenticator(SessionJwtVerifier verifier, HybridAuthMetrics metrics, RevocationView revocations) {
		this.verifier = verifier;
		this.metrics = metrics;
		this.revocations = revocations;
	}

	/**
	 * Verifies a session JWT, refuses it when the revocation view knows its session
	 * revoked or its user changed since it was issued (also when the verification came
	 * from the cache), and counts the outcome; a refused token is logged at debug level
	 * with the reason, never the token.
	 * @param jwt the presented JWT
	 * @return the authentication, or empty when the JWT is refused
	 */
	Optional<HybridAuthentication> authenticate(String jwt) {
		Optional<HybridAuthentication> authentication;
		try {
			SessionJwtClaims claims = this.verifier.verify(jwt);
			if (this.revocations != null
					&& this.revocations.isRevoked(claims.sessionId(), claims.subject(), claims.issuedAt())) {
				throw new InvalidSessionJwtException("the session or its user's authorities were revoked");
			}
			authentication = Optional.of(HybridAuthentication.ofJwt(claims));
		}
		catch (InvalidSessionJwtException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Session JWT refused: " + ex.getMessage());
			}
			authentication = Optional.empty();
		}
		this.metrics.authentication(AuthenticationMethod.JWT, authentication.isPresent());
		return authentication;
	}

}
