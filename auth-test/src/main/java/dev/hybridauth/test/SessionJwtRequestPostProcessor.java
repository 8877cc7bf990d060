package dev.hybridauth.test;

import java.time.Duration;

import dev.hybridauth.ClientInfo;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Authenticates a MockMvc request with a real session JWT: a session is started in the
 * application's own store, through its {@code HybridSessionService}, and the
 * application's {@code SessionJwtIssuer} signs its JWT as issued
 * {@link #tokenAge(Duration) ago}, sent as {@code Authorization: Bearer}. The starter's
 * filter verifies it, checks the revocation view and, on a sensitive route, checks the
 * session live unless the token is younger than the route's {@code maxTokenAge}, as for a
 * logged-in client. Each request gets a new session. Create it with
 * {@link HybridAuthRequestPostProcessors#sessionJwt()}: <pre class="code">
 * mockMvc.perform(get("/api/reports").with(sessionJwt().roles("USER").tokenAge(Duration.ofSeconds(90))));
 * </pre> The session's user is {@code user} with {@code ROLE_USER} unless set. It was
 * last used now, so its user is not reloaded from the application's user store before
 * {@code hybrid-auth.session.touch-interval} has passed; with a touch interval of
 * {@code 0}, the user must exist there, as a real user would.
 */
public final class SessionJwtRequestPostProcessor implements RequestPostProcessor {

	private final TestSessionSpec spec = new TestSessionSpec();

	SessionJwtRequestPostProcessor() {
	}

	/**
	 * Sets the session's user, the JWT's {@code sub} (by default {@code user}).
	 * @param username the user id the session belongs to
	 * @return this post-processor
	 */
	public SessionJwtRequestPostProcessor username(String username) {
		this.spec.username(username);
		return this;
	}

	/**
	 * Sets the session's roles, in place of its authorities, and so the JWT's
	 * {@code roles}: {@code roles("ADMIN")} grants {@code ROLE_ADMIN} (by default
	 * {@code ROLE_USER}).
	 * @param roles the roles, without the {@code ROLE_} prefix
	 * @return this post-processor
	 */
	public SessionJwtRequestPostProcessor roles(String... roles) {
		this.spec.roles(roles);
		return this;
	}

	/**
	 * Sets the session's authorities by their full names, and so the JWT's {@code roles}
	 * (by default {@code ROLE_USER}).
	 * @param authorities the authorities, for example {@code ROLE_ADMIN} or
	 * {@code reports:read}
	 * @return this post-processor
	 */
	public SessionJwtRequestPostProcessor authorities(String... authorities) {
		this.spec.authorities(authorities);
		return this;
	}

	/**
	 * Sets how long ago the user authenticated: the session's {@code authenticated_at}
	 * and the JWT's {@code auth_time}, which
	 * {@code @SensitiveRoute(maxAuthenticationAge = ...)} checks (by default, the token's
	 * age: the login issued the token). It cannot be shorter than the token's age.
	 * @param authenticatedAgo the authentication age
	 * @return this post-processor
	 */
	public SessionJwtRequestPostProcessor authenticatedAgo(Duration authenticatedAgo) {
		this.spec.authenticatedAgo(authenticatedAgo);
		return this;
	}

	/**
	 * Sets how old the JWT is: its {@code iat} and {@code nbf} lie that far back, to the
	 * second (by default, issued now). A token older than a sensitive route's
	 * {@code maxTokenAge} has its session checked live there; one as old as
	 * {@code hybrid-auth.jwt.ttl} is expired and refused, as it would be.
	 * @param tokenAge the token's age
	 * @return this post-processor
	 */
	public SessionJwtRequestPostProcessor tokenAge(Duration tokenAge) {
		this.spec.tokenAge(tokenAge);
		return this;
	}

	@Override
	public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
		ClientInfo client = new ClientInfo(request.getRemoteAddr(), request.getHeader("User-Agent"));
		TestSessions.TestCredential credential = TestSessions.start(TestSessions.context(request), this.spec, true,
				client);
		TestSessions.bearer(request, credential.bearerValue());
		return request;
	}

}
