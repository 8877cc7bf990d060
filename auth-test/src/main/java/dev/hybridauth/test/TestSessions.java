package dev.hybridauth.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.StartedSession;
import dev.hybridauth.session.BackdatedSessions;
import dev.hybridauth.token.BackdatedSessionJwts;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtIssuer;
import dev.hybridauth.token.SessionJwtVerifier;
import jakarta.servlet.ServletContext;

import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Starts real sessions in the application's store, through its session service, and has
 * its issuer sign their JWTs: what a login would have produced, at the asked ages.
 */
final class TestSessions {

	private TestSessions() {
	}

	/**
	 * Starts a session as the spec asks.
	 * @param context the application's context
	 * @param spec the user, authorities and ages
	 * @param jwt whether the credential is the session JWT, else the session token
	 * @param client what to record about the client
	 * @return the session and its credential
	 */
	static TestCredential start(ApplicationContext context, TestSessionSpec spec, boolean jwt, ClientInfo client) {
		Duration tokenAge = jwt ? spec.tokenAge() : Duration.ZERO;
		Duration authenticatedAgo = spec.authenticatedAgo(jwt);
		Assert.isTrue(tokenAge.compareTo(authenticatedAgo) <= 0,
				() -> "tokenAge (" + tokenAge + ") cannot be longer than authenticatedAgo (" + authenticatedAgo
						+ "): a session JWT is issued after the login whose auth_time it carries");
		HybridSessionService service = context.getBeanProvider(HybridSessionService.class).getIfAvailable();
		Assert.state(service != null, "hybrid-auth-spring-boot-test starts sessions through the application's "
				+ "HybridSessionService, and the test's context has none: use @SpringBootTest (a @WebMvcTest slice "
				+ "does not load hybrid-auth)");
		Instant now = context.getBeanProvider(Clock.class).getIfAvailable(Clock::systemUTC).instant();
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(spec.username(), null,
				AuthorityUtils.createAuthorityList(spec.authorities()));
		StartedSession started = authenticatedAgo.isZero() ? service.start(authentication, client)
				: BackdatedSessions.start(service, authentication, client, now.minus(authenticatedAgo));
		if (!jwt) {
			return new TestCredential(started, null, tokenAge);
		}
		SessionJwt token = tokenAge.isZero() ? started.jwt() : BackdatedSessionJwts
			.issue(context.getBean(SessionJwtIssuer.class), started.session(), now.minus(tokenAge));
		return new TestCredential(started, token, tokenAge);
	}

	/**
	 * The application context that a MockMvc request runs in.
	 * @param request the request
	 * @return its web application context
	 */
	static WebApplicationContext context(MockHttpServletRequest request) {
		ServletContext servletContext = request.getServletContext();
		WebApplicationContext context = WebApplicationContextUtils.findWebApplicationContext(servletContext);
		Assert.state(context != null, "hybrid-auth-spring-boot-test needs a MockMvc built from the application's "
				+ "WebApplicationContext (@AutoConfigureMockMvc, or MockMvcBuilders.webAppContextSetup)");
		return context;
	}

	/**
	 * Puts a credential on a request as {@code Authorization: Bearer}, in place of any
	 * {@code Authorization} header it had.
	 * @param request the request
	 * @param value the session token or session JWT
	 */
	static void bearer(MockHttpServletRequest request, String value) {
		request.removeHeader("Authorization");
		request.addHeader("Authorization", "Bearer " + value);
	}

	/**
	 * A started test session and the credential that a request carries.
	 *
	 * @param started the session, its token and first JWT
	 * @param jwt the session JWT to send, or {@code null} to send the session token
	 * @param tokenAge how old the JWT is
	 */
	record TestCredential(StartedSession started, SessionJwt jwt, Duration tokenAge) {

		String bearerValue() {
			return (this.jwt != null) ? this.jwt.token() : this.started.sessionToken();
		}

		/**
		 * The authentication that the starter's filter makes of this credential, for the
		 * security context of a test method.
		 * @param context the application's context
		 * @return the authentication
		 */
		HybridAuthentication authentication(ApplicationContext context) {
			if (this.jwt == null) {
				return HybridAuthentication.ofSession(this.started.session());
			}
			// an old tokenAge may have made it expired: the claims are what the test
			// asked
			try {
				return HybridAuthentication.ofJwt(context.getBean(SessionJwtVerifier.class)
					.verifyAllowingExpiry(this.jwt.token(), this.tokenAge));
			}
			catch (InvalidSessionJwtException ex) {
				throw new IllegalStateException("The application refuses the session JWT it just issued", ex);
			}
		}

		@Override
		public String toString() {
			return "TestCredential[session=" + this.started.session().sessionId() + "]";
		}

	}

}
