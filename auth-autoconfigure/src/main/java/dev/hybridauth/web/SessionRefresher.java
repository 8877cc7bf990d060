package dev.hybridauth.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;

import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.Assert;

/**
 * Refreshes a live session over HTTP: a new session JWT from the
 * {@link HybridSessionService}, set as the JWT cookie on the response. The authentication
 * filter uses it for the transparent refresh of browsers, the refresh endpoint for
 * explicit refreshes.
 */
public final class SessionRefresher {

	private final HybridSessionService sessionService;

	private final SessionCookies cookies;

	public SessionRefresher(HybridSessionService sessionService, SessionCookies cookies) {
		Assert.notNull(sessionService, "sessionService cannot be null");
		Assert.notNull(cookies, "cookies cannot be null");
		this.sessionService = sessionService;
		this.cookies = cookies;
	}

	/**
	 * Refreshes the session that a token belongs to, checked live in the store, and sets
	 * the new JWT cookie.
	 * @param sessionToken the session token the request carried
	 * @param request the request
	 * @param response the response, that gets the new JWT cookie
	 * @return the refreshed session, or empty when the token's session is not live
	 */
	public Optional<RefreshedSession> refresh(String sessionToken, HttpServletRequest request,
			HttpServletResponse response) {
		return withCookie(this.sessionService.refresh(sessionToken), request, response);
	}

	/**
	 * Refreshes the session that a token belongs to and answers the request at once: the
	 * JWT cookie and the body that {@code body} writes are sent, and flushed, before a
	 * logout racing the refresh can return (see
	 * {@link HybridSessionService#refresh(String, java.util.function.Consumer)}).
	 * @param sessionToken the session token the request carried
	 * @param request the request
	 * @param response the response, that gets the new JWT cookie and the body
	 * @param body writes the response body for the refreshed session
	 * @return the refreshed session, or empty when the token's session is not live
	 */
	public Optional<RefreshedSession> refreshAndRespond(String sessionToken, HttpServletRequest request,
			HttpServletResponse response, Consumer<RefreshedSession> body) {
		return this.sessionService.refresh(sessionToken, respond(request, response, body));
	}

	/**
	 * Refreshes a session already found live (through a JWT's session id, say) and
	 * answers the request at once, as
	 * {@link #refreshAndRespond(String, HttpServletRequest, HttpServletResponse, Consumer)}
	 * does.
	 * @param session a session found live
	 * @param request the request
	 * @param response the response, that gets the new JWT cookie and the body
	 * @param body writes the response body for the refreshed session
	 * @return the refreshed session, or empty when it is no longer live
	 */
	public Optional<RefreshedSession> refreshAndRespond(HybridSession session, HttpServletRequest request,
			HttpServletResponse response, Consumer<RefreshedSession> body) {
		return this.sessionService.refresh(session, respond(request, response, body));
	}

	private Consumer<RefreshedSession> respond(HttpServletRequest request, HttpServletResponse response,
			Consumer<RefreshedSession> body) {
		return (refreshed) -> {
			this.cookies.writeJwt(request, response, refreshed.jwt());
			body.accept(refreshed);
			try {
				response.flushBuffer();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("The refreshed session's JWT could not be sent", ex);
			}
		};
	}

	private Optional<RefreshedSession> withCookie(Optional<RefreshedSession> refreshed, HttpServletRequest request,
			HttpServletResponse response) {
		refreshed.ifPresent((session) -> this.cookies.writeJwt(request, response, session.jwt()));
		return refreshed;
	}

}
