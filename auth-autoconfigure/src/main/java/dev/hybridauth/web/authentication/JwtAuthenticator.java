package dev.hybridauth.web.authentication;

import java.util.Optional;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtVerifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Authenticates a request by its session JWT, locally: no database call.
 */
final class JwtAuthenticator {

	private static final Log logger = LogFactory.getLog(JwtAuthenticator.class);

	private final SessionJwtVerifier verifier;

	private final HybridAuthMetrics metrics;

	JwtAuthenticator(SessionJwtVerifier verifier, HybridAuthMetrics metrics) {
		this.verifier = verifier;
		this.metrics = metrics;
	}

	/**
	 * Verifies a session JWT and counts the outcome; a refused token is logged at debug
	 * level with the reason, never the token.
	 * @param jwt the presented JWT
	 * @return the authentication, or empty when the JWT is refused
	 */
	Optional<HybridAuthentication> authenticate(String jwt) {
		Optional<HybridAuthentication> authentication;
		try {
			authentication = Optional.of(HybridAuthentication.ofJwt(this.verifier.verify(jwt)));
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
