package dev.hybridauth.web;

import java.io.IOException;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.StartedSession;
import dev.hybridauth.login.LoginRefusedException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.transaction.TransactionException;
import org.springframework.util.Assert;

/**
 * Ends any other login ({@code formLogin()}, {@code oauth2Login()}, passkeys...) in a
 * hybrid-auth session: starts a session for the {@code Authentication} it produced (the
 * {@link dev.hybridauth.SessionUserIdResolver} gives the session's user id: its name, or
 * {@code oauth2:<registrationId>:<subject>} for an OAuth2 login), sets the session and
 * JWT cookies, then hands over to the next handler (by default a redirect to {@code /}).
 * A login that the resolver refuses ends as an authentication failure of the login
 * filter. When the session store is unavailable it throws a
 * {@link LoginRefusedException}, which the hybrid-auth filter of a chain with the DSL
 * answers {@code 503} with {@code Retry-After}.
 *
 * <pre>{@code
 * http.oauth2Login(login -> login.successHandler(hybridAuthenticationSuccessHandler));
 * }</pre>
 */
public class HybridAuthenticationSuccessHandler implements AuthenticationSuccessHandler {

	private final HybridSessionService sessionService;

	private final SessionCookies cookies;

	private AuthenticationSuccessHandler next = new SimpleUrlAuthenticationSuccessHandler("/");

	public HybridAuthenticationSuccessHandler(HybridSessionService sessionService, SessionCookies cookies) {
		Assert.notNull(sessionService, "sessionService cannot be null");
		Assert.notNull(cookies, "cookies cannot be null");
		this.sessionService = sessionService;
		this.cookies = cookies;
	}

	/**
	 * Sets the handler that answers the request once the session has started, in place of
	 * the redirect to {@code /}.
	 * @param next what answers the request once the session has started (a redirect, say)
	 */
	public void setNext(AuthenticationSuccessHandler next) {
		Assert.notNull(next, "next cannot be null");
		this.next = next;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		StartedSession started;
		try {
			started = this.sessionService.start(authentication,
					new ClientInfo(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT)));
		}
		catch (DataAccessException | TransactionException ex) {
			throw LoginRefusedException.unavailable(ex);
		}
		this.cookies.write(request, response, started);
		this.next.onAuthenticationSuccess(request, response, authentication);
	}

}
