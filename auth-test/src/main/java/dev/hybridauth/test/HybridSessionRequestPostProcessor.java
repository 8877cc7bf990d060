package dev.hybridauth.test;

import java.time.Duration;

import dev.hybridauth.ClientInfo;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Authenticates a MockMvc request with the session token of a real hybrid-auth session:
 * the session is started in the application's own store, through its
 * {@code HybridSessionService}, and its token is sent as {@code Authorization: Bearer},
 * so that the starter's filter, the revocation view and the sensitive-route checks run as
 * they do for a logged-in client. Each request gets a new session. Create it with
 * {@link HybridAuthRequestPostProcessors#hybridSession()}: <pre class="code">
 * mockMvc.perform(get("/api/account").with(hybridSession().roles("ADMIN").authenticatedAgo(Duration.ofMinutes(10))));
 * </pre> The session's user is {@code user} with {@code ROLE_USER} unless set. It was
 * last used now, so its user is not reloaded from the application's user store before
 * {@code hybrid-auth.session.touch-interval} has passed; with a touch interval of
 * {@code 0}, the user must exist there, as a real user would.
 */
public final class HybridSessionRequestPostProcessor implements RequestPostProcessor {

	private final TestSessionSpec spec = new TestSessionSpec();

	HybridSessionRequestPostProcessor() {
	}

	/**
	 * Sets the session's user (by default {@code user}).
	 * @param username the user id the session belongs to
	 * @return this post-processor
	 */
	public HybridSessionRequestPostProcessor username(String username) {
		this.spec.username(username);
		return this;
	}

	/**
	 * Sets the session's roles, in place of its authorities: {@code roles("ADMIN")}
	 * grants {@code ROLE_ADMIN} (by default {@code ROLE_USER}).
	 * @param roles the roles, without the {@code ROLE_} prefix
	 * @return this post-processor
	 */
	public HybridSessionRequestPostProcessor roles(String... roles) {
		this.spec.roles(roles);
		return this;
	}

	/**
	 * Sets the session's authorities by their full names (by default {@code ROLE_USER}).
	 * @param authorities the authorities, for example {@code ROLE_ADMIN} or
	 * {@code reports:read}
	 * @return this post-processor
	 */
	public HybridSessionRequestPostProcessor authorities(String... authorities) {
		this.spec.authorities(authorities);
		return this;
	}

	/**
	 * Sets how long ago the user authenticated (logged in and started the session): the
	 * session's {@code authenticated_at}, which
	 * {@code @SensitiveRoute(maxAuthenticationAge = ...)} checks (by default, now). A
	 * session whose absolute timeout has passed by now is expired, as it would be.
	 * @param authenticatedAgo the authentication age
	 * @return this post-processor
	 */
	public HybridSessionRequestPostProcessor authenticatedAgo(Duration authenticatedAgo) {
		this.spec.authenticatedAgo(authenticatedAgo);
		return this;
	}

	@Override
	public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
		ClientInfo client = new ClientInfo(request.getRemoteAddr(), request.getHeader("User-Agent"));
		TestSessions.TestCredential credential = TestSessions.start(TestSessions.context(request), this.spec, false,
				client);
		TestSessions.bearer(request, credential.bearerValue());
		return request;
	}

}
