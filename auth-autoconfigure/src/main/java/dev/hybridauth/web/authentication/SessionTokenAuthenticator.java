package dev.hybridauth.web.authentication;

import java.util.Optional;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.web.SessionRefresher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates a request by its opaque session token, live against the session store: a
 * bearer token as it is, a session cookie with a transparent refresh (a fresh JWT cookie
 * on the response).
 */
final class SessionTokenAuthenticator {

	private final HybridSessionService sessionService;

	private final SessionRefresher refresher;

	private final HybridAuthMetrics metrics;

	SessionTokenAuthenticator(HybridSessionService sessionService, SessionRefresher refresher,
			HybridAuthMetrics metrics) {
		this.sessionService = sessionService;
		this.refresher = refresher;
		this.metrics = metrics;
	}

	/**
	 * Authenticates a bearer session token, checked live, with no refresh and no cookie
	 * set.
	 * @param sessionToken the token of an {@code Authorization: Bearer} header
	 * @return the authentication, or empty when the session is not live
	 */
	Optional<HybridAuthentication> authenticate(String sessionToken) {
		return counted(this.sessionService.authenticate(sessionToken).map(HybridAuthentication::ofSession));
	}

	/**
	 * Authenticates a session cookie whose JWT cookie failed or was missing: the session
	 * is refreshed, and the response gets a fresh JWT cookie.
	 * @param sessionToken the session cookie's token
	 * @param request the request
	 * @param response the response, that gets a fresh JWT cookie
	 * @return the authentication, or empty when the session is not live
	 */
	Optional<HybridAuthentication> authenticateAndRefresh(String sessionToken, HttpServletRequest request,
			HttpServletResponse response) {
		return counted(this.refresher.refresh(sessionToken, request, response)
			.map((refreshed) -> HybridAuthentication.ofSession(refreshed.session())));
	}

	private Optional<HybridAuthentication> counted(Optional<HybridAuthentication> authentication) {
		this.metrics.authentication(AuthenticationMethod.SESSION, authentication.isPresent());
		return authentication;
	}

}
