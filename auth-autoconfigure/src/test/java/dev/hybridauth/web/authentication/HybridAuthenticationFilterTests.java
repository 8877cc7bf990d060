package dev.hybridauth.web.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.login.LoginRefusedException;
import dev.hybridauth.web.SensitiveRouteRequirement;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every branch of the request path of {@link HybridAuthenticationFilter}, over fakes of
 * its collaborators: a JWT verifier that knows a few tokens, a session service over two
 * maps that records its calls, counting metrics, and the real cookies and refresher.
 */
class HybridAuthenticationFilterTests {

	private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

	private static final String SESSION_ID = "sid-alice";

	/** Alice's session token: opaque, no dots. */
	private static final String SESSION_TOKEN = "alice-session-token";

	/**
	 * Issued two minutes ago, for a login an hour ago, with the roles Alice had then:
	 * USER and ADMIN.
	 */
	private static final String JWT = "issued.two-minutes-ago.alice";

	/** Issued ten seconds ago, for a login an hour ago. */
	private static final String YOUNG_JWT = "issued.ten-seconds-ago.alice";

	/** Issued ten seconds ago, with no {@code auth_time}. */
	private static final String YOUNG_JWT_WITHOUT_AUTH_TIME = "issued.ten-seconds-ago.no-auth-time";

	/** Expired, tampered, unknown: the verifier refuses it. */
	private static final String REFUSED_JWT = "refused.jwt.alice";

	private static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

	private final SessionCookies cookies = new SessionCookies(false, "Lax");

	private final RecordingSessionService sessions = new RecordingSessionService(NOW);

	private final FakeSessionJwtVerifier jwts = new FakeSessionJwtVerifier();

	private final CountingMetrics metrics = new CountingMetrics();

	private final SessionJwtClaims jwtClaims = claims(NOW.minus(Duration.ofMinutes(2)), NOW.minus(Duration.ofHours(1)));

	private SensitiveRouteRequirement routeRequirement;

	private HybridAuthenticationFilter filter;

	@BeforeEach
	void setUp() {
		this.jwts.givenValid(JWT, this.jwtClaims);
		this.jwts.givenValid(YOUNG_JWT, claims(NOW.minusSeconds(10), NOW.minus(Duration.ofHours(1))));
		this.jwts.givenValid(YOUNG_JWT_WITHOUT_AUTH_TIME, claims(NOW.minusSeconds(10), null));
		this.filter = new HybridAuthenticationFilter(
				CredentialResolver.firstOf(CredentialResolver.bearer(), CredentialResolver.cookies(this.cookies)),
				this.jwts, this.sessions, new SessionRefresher(this.sessions, this.cookies), this.cookies,
				this.metrics);
		this.filter.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
		this.filter.setSensitiveRouteResolver((request) -> this.routeRequirement);
	}

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	// no credential

	@Test
	void doFilterWhenNoCredentialThenContinuesUnauthenticated() throws Exception {
		Result result = doFilter(request());

		assertThat(result.chainCalled()).isTrue();
		assertThat(result.authentication()).isNull();
		assertThat(result.response().getStatus()).isEqualTo(200);
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(this.sessions.calls()).isEmpty();
	}

	@Test
	void doFilterWhenNoCredentialOnSensitiveRouteThenBareBearerChallenge() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);

		Result result = doFilter(request());

		assertThat(result.chainCalled()).isFalse();
		assertProblem(result.response(), 401);
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
	}

	@Test
	void doFilterWhenAuthorizationOfAnotherSchemeThenLeftToOtherFilters() throws Exception {
		Result result = doFilter(authorization("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ="));

		assertThat(result.chainCalled()).isTrue();
		assertThat(result.authentication()).isNull();
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
	}

	@Test
	void doFilterWhenAuthorizationOfAnotherSchemeOnSensitiveRouteThenInvalidToken() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);

		Result result = doFilter(authorization("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ="));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
	}

	// malformed credentials

	@Test
	void doFilterWhenTwoAuthorizationHeadersThenBadRequest() throws Exception {
		MockHttpServletRequest request = bearer(JWT);
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + JWT);

		Result result = doFilter(request);

		assertThat(result.chainCalled()).isFalse();
		assertProblem(result.response(), 400);
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(this.jwts.verified()).as("a valid JWT, in a request refused before verification").isEmpty();
		assertThat(doFilter(bearer(JWT)).authentication()).as("the same JWT in one header").isNotNull();
		assertThat(this.jwts.verified()).containsExactly(JWT);
	}

	@Test
	void doFilterWhenBearerIsEmptyThenInvalidToken() throws Exception {
		for (String authorization : List.of("Bearer", "Bearer ", "bearer    ")) {
			Result result = doFilter(authorization(authorization));

			assertRefused(result, INVALID_TOKEN_CHALLENGE);
		}
	}

	@Test
	void doFilterWhenBearerIsOutsideToken68ThenInvalidTokenWithoutLookup() throws Exception {
		Result spaces = doFilter(authorization("Bearer alice session token"));
		Result nonAscii = doFilter(authorization("Bearer tök\u00e9n"));

		assertRefused(spaces, INVALID_TOKEN_CHALLENGE);
		assertRefused(nonAscii, INVALID_TOKEN_CHALLENGE);
		assertThat(this.sessions.calls()).isEmpty();
		assertThat(this.jwts.verified()).isEmpty();
		assertRefused(doFilter(bearer("unknown-token")), INVALID_TOKEN_CHALLENGE);
		assertThat(this.sessions.calls()).as("a well-formed token is looked up")
			.containsExactly("authenticate(unknown-token)");
	}

	// bearer credentials

	@Test
	void doFilterWhenBearerJwtIsValidThenAuthenticatedWithoutSessionStore() throws Exception {
		Result result = doFilter(bearer(JWT));

		assertThat(result.chainCalled()).isTrue();
		HybridAuthentication authentication = result.hybridAuthentication();
		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authorities(authentication)).containsExactly("ROLE_USER", "ROLE_ADMIN");
		assertThat(authentication.getDetails().method()).isEqualTo(AuthenticationMethod.JWT);
		assertThat(authentication.getDetails().sessionId()).isEqualTo(SESSION_ID);
		assertThat(authentication.getDetails().jwt()).isEqualTo(this.jwtClaims);
		assertThat(authentication.getDetails().session()).isNull();
		assertThat(new RequestAttributeSecurityContextRepository().containsContext(result.request())).isTrue();
		assertThat(this.sessions.calls()).isEmpty();

		this.sessions.givenLive(SESSION_TOKEN, session());
		doFilter(bearer(SESSION_TOKEN));
		assertThat(this.sessions.calls()).as("an opaque token is checked in the store")
			.containsExactly("authenticate(" + SESSION_TOKEN + ")");
	}

	@Test
	void doFilterWhenBearerJwtIsInvalidThenInvalidTokenAndChainNotCalled() throws Exception {
		Result result = doFilter(bearer(REFUSED_JWT));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
		assertThat(this.jwts.verified()).containsExactly(REFUSED_JWT);
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).as("a bearer caller has no cookies to clear")
			.isEmpty();
		assertThat(this.sessions.calls()).isEmpty();
	}

	@Test
	void doFilterWhenBearerSessionTokenIsLiveThenAuthenticatedBySession() throws Exception {
		HybridSession session = session();
		this.sessions.givenLive(SESSION_TOKEN, session);

		Result result = doFilter(bearer(SESSION_TOKEN));

		assertThat(result.chainCalled()).isTrue();
		HybridAuthentication authentication = result.hybridAuthentication();
		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authorities(authentication)).containsExactly("ROLE_USER");
		assertThat(authentication.getDetails().method()).isEqualTo(AuthenticationMethod.SESSION);
		assertThat(authentication.getDetails().session()).isEqualTo(session);
		assertThat(authentication.getDetails().jwt()).isNull();
		assertThat(this.sessions.calls()).containsExactly("authenticate(" + SESSION_TOKEN + ")");
		assertThat(this.jwts.verified()).isEmpty();
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).isEmpty();
	}

	@Test
	void doFilterWhenBearerSessionTokenIsNotLiveThenInvalidToken() throws Exception {
		Result result = doFilter(bearer("revoked-session-token"));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
		assertThat(this.sessions.calls()).containsExactly("authenticate(revoked-session-token)");
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).isEmpty();
	}

	// cookies

	@Test
	void doFilterWhenJwtCookieIsValidThenAuthenticatedWithoutRefresh() throws Exception {
		this.sessions.givenLive(SESSION_TOKEN, session());

		Result result = doFilter(withCookies(JWT, SESSION_TOKEN));

		assertThat(result.chainCalled()).isTrue();
		assertThat(result.hybridAuthentication().getDetails().method()).isEqualTo(AuthenticationMethod.JWT);
		assertThat(this.sessions.calls()).isEmpty();
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).isEmpty();

		Result refreshed = doFilter(withCookies(REFUSED_JWT, SESSION_TOKEN));
		assertThat(this.sessions.calls()).as("the same cookies with a refused JWT are refreshed")
			.containsExactly("refresh(" + SESSION_TOKEN + ")");
		assertThat(refreshed.response().getHeaders(HttpHeaders.SET_COOKIE)).hasSize(1);
	}

	@Test
	void doFilterWhenJwtCookieIsInvalidAndSessionIsLiveThenRefreshedOnTheSameResponse() throws Exception {
		HybridSession session = session();
		this.sessions.givenLive(SESSION_TOKEN, session);

		Result result = doFilter(withCookies(REFUSED_JWT, SESSION_TOKEN));

		assertThat(result.chainCalled()).isTrue();
		HybridAuthentication authentication = result.hybridAuthentication();
		assertThat(authentication.getDetails().method()).isEqualTo(AuthenticationMethod.SESSION);
		assertThat(authentication.getDetails().session()).isEqualTo(session);
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).singleElement()
			.satisfies((cookie) -> assertThat(cookie)
				.startsWith(SessionCookies.JWT_COOKIE + "=" + RecordingSessionService.REFRESHED_JWT + ";")
				.contains("Max-Age=300", "HttpOnly", "Path=/", "SameSite=Lax"));
		assertThat(this.sessions.calls()).as("one read and one write: refresh(token), no authenticate(token)")
			.containsExactly("refresh(" + SESSION_TOKEN + ")");
	}

	@Test
	void doFilterWhenOnlySessionCookieIsLiveThenRefreshed() throws Exception {
		this.sessions.givenLive(SESSION_TOKEN, session());

		Result result = doFilter(withCookies(null, SESSION_TOKEN));

		assertThat(result.hybridAuthentication().getDetails().method()).isEqualTo(AuthenticationMethod.SESSION);
		assertThat(result.response().getHeader(HttpHeaders.SET_COOKIE))
			.startsWith(SessionCookies.JWT_COOKIE + "=" + RecordingSessionService.REFRESHED_JWT + ";");
		assertThat(this.jwts.verified()).isEmpty();
		assertThat(this.sessions.calls()).containsExactly("refresh(" + SESSION_TOKEN + ")");
	}

	@Test
	void doFilterWhenCookiesAreRefusedThenClearedAndContinuesUnauthenticated() throws Exception {
		Result result = doFilter(withCookies(REFUSED_JWT, "revoked-session-token"));

		assertThat(result.chainCalled()).as("a public page keeps working with stale cookies").isTrue();
		assertThat(result.authentication()).isNull();
		assertThat(result.response().getStatus()).isEqualTo(200);
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).hasSize(2)
			.anySatisfy((cookie) -> assertThat(cookie).startsWith(SessionCookies.SESSION_COOKIE + "=;"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith(SessionCookies.JWT_COOKIE + "=;"))
			.allSatisfy((cookie) -> assertThat(cookie).contains("Max-Age=0", "Path=/", "HttpOnly"));
		assertThat(this.sessions.calls()).containsExactly("refresh(revoked-session-token)");
	}

	@Test
	void doFilterWhenRefusedJwtCookieAloneThenClearedWithoutLookup() throws Exception {
		Result result = doFilter(withCookies(REFUSED_JWT, null));

		assertThat(result.chainCalled()).isTrue();
		assertThat(result.authentication()).isNull();
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).hasSize(2)
			.allSatisfy((cookie) -> assertThat(cookie).contains("Max-Age=0"));
		assertThat(this.sessions.calls()).isEmpty();
	}

	@Test
	void doFilterWhenCookiesAreRefusedOnSensitiveRouteThenInvalidToken() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);

		Result result = doFilter(withCookies(REFUSED_JWT, "revoked-session-token"));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).hasSize(2)
			.allSatisfy((cookie) -> assertThat(cookie).contains("Max-Age=0"));
	}

	// sensitive routes

	@Test
	void doFilterWhenSensitiveRouteAndSessionIsLiveThenAuthoritiesAreTheSessions() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);
		HybridSession session = session();
		this.sessions.givenLive(session);

		Result result = doFilter(bearer(JWT));

		assertThat(result.chainCalled()).isTrue();
		HybridAuthentication authentication = result.hybridAuthentication();
		assertThat(authorities(authentication)).as("ROLE_ADMIN was withdrawn since the JWT was issued")
			.containsExactly("ROLE_USER");
		assertThat(authentication.getDetails().method()).isEqualTo(AuthenticationMethod.JWT);
		assertThat(authentication.getDetails().session()).isEqualTo(session);
		assertThat(authentication.getDetails().jwt()).isNotNull();
		assertThat(this.sessions.calls()).containsExactly("checkLive(" + SESSION_ID + ")");
	}

	@Test
	void doFilterWhenSensitiveRouteAndSessionIsGoneThenInvalidToken() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);

		Result result = doFilter(bearer(JWT));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
		assertThat(this.sessions.calls()).containsExactly("checkLive(" + SESSION_ID + ")");
	}

	@Test
	void doFilterWhenSensitiveRouteAndSessionIsAnotherUsersThenInvalidToken() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);
		this.sessions.givenLive(session("mallory", NOW.minus(Duration.ofHours(1))));

		Result result = doFilter(bearer(JWT));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
	}

	@Test
	void doFilterWhenJwtIsYoungerThanMaxTokenAgeThenNoLiveCheckElseLiveCheck() throws Exception {
		givenSensitiveRoute(new SensitiveRouteRequirement(Duration.ofSeconds(60), null));
		this.sessions.givenLive(session());

		Result young = doFilter(bearer(YOUNG_JWT));

		assertThat(young.chainCalled()).isTrue();
		assertThat(authorities(young.hybridAuthentication())).as("the JWT's")
			.containsExactly("ROLE_USER", "ROLE_ADMIN");
		assertThat(this.sessions.calls()).isEmpty();

		Result old = doFilter(bearer(JWT));

		assertThat(old.chainCalled()).isTrue();
		assertThat(authorities(old.hybridAuthentication())).as("the session's").containsExactly("ROLE_USER");
		assertThat(this.sessions.calls()).containsExactly("checkLive(" + SESSION_ID + ")");
	}

	@Test
	void doFilterWhenSensitiveRouteWithSessionTokenThenNoSecondLookup() throws Exception {
		givenSensitiveRoute(SensitiveRouteRequirement.ALWAYS_LIVE);
		this.sessions.givenLive(SESSION_TOKEN, session());

		Result bearer = doFilter(bearer(SESSION_TOKEN));
		Result cookie = doFilter(withCookies(REFUSED_JWT, SESSION_TOKEN));

		assertThat(bearer.chainCalled()).isTrue();
		assertThat(cookie.chainCalled()).isTrue();
		assertThat(this.sessions.calls()).containsExactly("authenticate(" + SESSION_TOKEN + ")",
				"refresh(" + SESSION_TOKEN + ")");
	}

	@Test
	void doFilterWhenAuthenticatedAtIsTooOldThenInsufficientUserAuthentication() throws Exception {
		givenSensitiveRoute(new SensitiveRouteRequirement(Duration.ZERO, Duration.ofMinutes(5)));
		this.sessions.givenLive(session("alice", NOW.minus(Duration.ofHours(1))));

		Result result = doFilter(bearer(JWT));

		assertRefused(result, "Bearer error=\"insufficient_user_authentication\"");
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).endsWith(", max_age=300");

		this.sessions.givenLive(session("alice", NOW.minus(Duration.ofMinutes(1))));
		Result reauthenticated = doFilter(bearer(JWT));
		assertThat(reauthenticated.chainCalled()).as("re-authenticated since the JWT: the session's time counts")
			.isTrue();
		assertThat(reauthenticated.hybridAuthentication().getDetails().authenticatedAt())
			.isEqualTo(NOW.minus(Duration.ofMinutes(1)));
	}

	@Test
	void doFilterWhenJwtHasNoAuthTimeThenStepUpFails() throws Exception {
		givenSensitiveRoute(new SensitiveRouteRequirement(Duration.ofSeconds(60), Duration.ofHours(2)));

		Result result = doFilter(bearer(YOUNG_JWT_WITHOUT_AUTH_TIME));

		assertRefused(result, "Bearer error=\"insufficient_user_authentication\"");
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).endsWith(", max_age=7200");
		assertThat(this.sessions.calls()).isEmpty();
		assertThat(doFilter(bearer(YOUNG_JWT)).chainCalled()).as("the same route, auth_time an hour ago").isTrue();
	}

	// a password check further down the chain that did not take place

	@Test
	void doFilterWhenALoginFurtherDownTheChainIsRefusedThenAnswersItWithRetryAfter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain formLogin = (request, chainResponse) -> {
			throw LoginRefusedException.unavailable(new DataAccessResourceFailureException("down"));
		};

		this.filter.doFilter(new MockHttpServletRequest("POST", "/login"), response, formLogin);

		assertProblem(response, 503);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(response.getContentAsString()).contains("Logins are unavailable at the moment.")
			.doesNotContain("down");
	}

	// session store outage

	static Stream<Arguments> storeLookups() {
		return Stream.of(
				arguments("bearer session token", (Supplier<MockHttpServletRequest>) () -> bearer(SESSION_TOKEN), null,
						"authenticate(" + SESSION_TOKEN + ")"),
				arguments("transparent refresh",
						(Supplier<MockHttpServletRequest>) () -> withCookies(REFUSED_JWT, SESSION_TOKEN), null,
						"refresh(" + SESSION_TOKEN + ")"),
				arguments("live check of a JWT", (Supplier<MockHttpServletRequest>) () -> bearer(JWT),
						SensitiveRouteRequirement.ALWAYS_LIVE, "checkLive(" + SESSION_ID + ")"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("storeLookups")
	void doFilterWhenSessionStoreIsDownThenServiceUnavailable(String lookup, Supplier<MockHttpServletRequest> request,
			SensitiveRouteRequirement requirement, String call) throws Exception {
		givenSensitiveRoute(requirement);
		this.sessions.givenLive(SESSION_TOKEN, session());
		this.sessions.failWith(new DataAccessResourceFailureException("down"));

		Result result = doFilter(request.get());

		assertThat(this.sessions.calls()).containsExactly(call);
		assertThat(result.chainCalled()).isFalse();
		assertProblem(result.response(), 503);
		assertThat(result.response().getHeader(HttpHeaders.RETRY_AFTER))
			.isEqualTo(ProblemResponses.RETRY_AFTER_SECONDS);
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(result.response().getHeaders(HttpHeaders.SET_COOKIE)).as("an outage does not clear the cookies")
			.isEmpty();
		assertThat(result.response().getContentAsString()).doesNotContain("down");
	}

	@Test
	void doFilterWhenTransactionCannotStartThenServiceUnavailable() throws Exception {
		this.sessions.givenLive(SESSION_TOKEN, session());
		this.sessions.failWith(new CannotCreateTransactionException("no connection"));

		Result result = doFilter(bearer(SESSION_TOKEN));

		assertThat(result.chainCalled()).isFalse();
		assertProblem(result.response(), 503);
		assertThat(result.response().getHeader(HttpHeaders.RETRY_AFTER)).isNotNull();
	}

	// credential-only requests

	@Test
	void doFilterWhenCredentialOnlyRequestThenContinuesUnauthenticatedWithCredentialResolved() throws Exception {
		this.filter.setCredentialOnlyRequests((request) -> "/auth/refresh".equals(request.getRequestURI()));
		this.sessions.givenLive(SESSION_TOKEN, session());
		MockHttpServletRequest refresh = bearer(SESSION_TOKEN);
		refresh.setMethod("POST");
		refresh.setRequestURI("/auth/refresh");

		Result result = doFilter(refresh);

		assertThat(result.chainCalled()).isTrue();
		assertThat(result.authentication()).isNull();
		assertThat(HybridCredential.of(result.request())).isEqualTo(HybridCredential.bearer(SESSION_TOKEN));
		assertThat(this.sessions.calls()).isEmpty();

		Result elsewhere = doFilter(bearer(SESSION_TOKEN));
		assertThat(elsewhere.authentication()).as("the same credential on another route").isNotNull();
		assertThat(this.sessions.calls()).containsExactly("authenticate(" + SESSION_TOKEN + ")");
	}

	@Test
	void doFilterWhenCredentialOnlyRequestWithMalformedCredentialThenRefused() throws Exception {
		this.filter.setCredentialOnlyRequests((request) -> true);

		Result result = doFilter(authorization("Bearer "));

		assertRefused(result, INVALID_TOKEN_CHALLENGE);
	}

	// metrics

	@Test
	void doFilterWhenCredentialIsCheckedThenOutcomeIsCountedPerMethod() throws Exception {
		this.sessions.givenLive(SESSION_TOKEN, session());

		assertThat(countedFor(bearer(JWT))).containsOnly(entry("jwt.success", 1));
		assertThat(countedFor(bearer(REFUSED_JWT))).containsOnly(entry("jwt.failure", 1));
		assertThat(countedFor(bearer(SESSION_TOKEN))).containsOnly(entry("session.success", 1));
		assertThat(countedFor(bearer("revoked-session-token"))).containsOnly(entry("session.failure", 1));
		assertThat(countedFor(withCookies(JWT, SESSION_TOKEN))).containsOnly(entry("jwt.success", 1));
		assertThat(countedFor(withCookies(REFUSED_JWT, SESSION_TOKEN))).containsOnly(entry("jwt.failure", 1),
				entry("session.success", 1));
		assertThat(countedFor(withCookies(null, "revoked-session-token"))).containsOnly(entry("session.failure", 1));
	}

	@Test
	void doFilterWhenNoCredentialIsCheckedThenNothingIsCounted() throws Exception {
		assertThat(countedFor(request())).isEmpty();
		assertThat(countedFor(authorization("Bearer "))).isEmpty();
		assertThat(countedFor(authorization("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ="))).isEmpty();
		assertThat(countedFor(bearer(JWT))).as("the same counters count a check").isNotEmpty();
	}

	@Test
	void doFilterWhenSensitiveRouteThenLiveCheckIsCountedPerOutcome() throws Exception {
		givenSensitiveRoute(new SensitiveRouteRequirement(Duration.ofSeconds(60), null));
		this.sessions.givenLive(SESSION_TOKEN, session());

		assertThat(countedFor(bearer(JWT))).containsOnly(entry("jwt.success", 1), entry("live_check.success", 1));
		assertThat(countedFor(bearer(YOUNG_JWT))).as("no live check").containsOnly(entry("jwt.success", 1));
		assertThat(countedFor(bearer(SESSION_TOKEN))).as("already live").containsOnly(entry("session.success", 1));

		this.jwts.givenValid("issued.two-minutes-ago.bob", new SessionJwtClaims("bob", "sid-bob", "jti-bob",
				NOW.minus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(3)), NOW, List.of(), Map.of()));
		assertThat(countedFor(bearer("issued.two-minutes-ago.bob"))).containsOnly(entry("jwt.success", 1),
				entry("live_check.failure", 1));
	}

	// helpers

	private void givenSensitiveRoute(SensitiveRouteRequirement requirement) {
		this.routeRequirement = requirement;
	}

	private Map<String, Integer> countedFor(MockHttpServletRequest request) throws Exception {
		Map<String, Integer> before = this.metrics.snapshot();
		doFilter(request);
		return this.metrics.since(before);
	}

	private Result doFilter(MockHttpServletRequest request) throws Exception {
		SecurityContextHolder.clearContext();
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		return new Result(request, response, chain, SecurityContextHolder.getContext().getAuthentication());
	}

	private static void assertRefused(Result result, String challenge) throws Exception {
		assertThat(result.chainCalled()).isFalse();
		assertThat(result.authentication()).isNull();
		assertProblem(result.response(), 401);
		assertThat(result.response().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith(challenge);
	}

	private static void assertProblem(MockHttpServletResponse response, int status) throws Exception {
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.getContentAsString()).contains("\"status\":" + status)
			.doesNotContain(SESSION_TOKEN, JWT, "Exception");
	}

	private static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("GET", "/api/things");
	}

	private static MockHttpServletRequest authorization(String value) {
		MockHttpServletRequest request = request();
		request.addHeader(HttpHeaders.AUTHORIZATION, value);
		return request;
	}

	private static MockHttpServletRequest bearer(String token) {
		return authorization("Bearer " + token);
	}

	private static MockHttpServletRequest withCookies(String jwt, String sessionToken) {
		MockHttpServletRequest request = request();
		request.setCookies(Stream
			.of(new Cookie(SessionCookies.JWT_COOKIE, (jwt != null) ? jwt : ""),
					new Cookie(SessionCookies.SESSION_COOKIE, (sessionToken != null) ? sessionToken : ""))
			.filter((cookie) -> !cookie.getValue().isEmpty())
			.toArray(Cookie[]::new));
		return request;
	}

	private static SessionJwtClaims claims(Instant issuedAt, Instant authenticatedAt) {
		return new SessionJwtClaims("alice", SESSION_ID, "jti-" + issuedAt, issuedAt,
				issuedAt.plus(Duration.ofMinutes(5)), authenticatedAt, List.of("ROLE_USER", "ROLE_ADMIN"), Map.of());
	}

	private static HybridSession session() {
		return session("alice", NOW.minus(Duration.ofHours(1)));
	}

	/** Alice's session as the store has it now: her admin role withdrawn. */
	private static HybridSession session(String userId, Instant authenticatedAt) {
		return new HybridSession(SESSION_ID, userId, List.of("ROLE_USER"), NOW.minus(Duration.ofHours(1)),
				NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofMinutes(30)), NOW.plus(Duration.ofHours(11)),
				authenticatedAt, "203.0.113.7", "test");
	}

	private record Result(MockHttpServletRequest request, MockHttpServletResponse response, MockFilterChain chain,
			Authentication authentication) {

		boolean chainCalled() {
			return this.chain.getRequest() != null;
		}

		HybridAuthentication hybridAuthentication() {
			assertThat(this.authentication).isInstanceOf(HybridAuthentication.class);
			return (HybridAuthentication) this.authentication;
		}

	}

}
