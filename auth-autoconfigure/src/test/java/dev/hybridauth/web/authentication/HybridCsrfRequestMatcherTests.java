package dev.hybridauth.web.authentication;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests {@link HybridCsrfRequestMatcher} sends to the CSRF check.
 */
class HybridCsrfRequestMatcherTests {

	private final SessionCookies cookies = new SessionCookies(false, "Lax");

	private final AtomicInteger resolutions = new AtomicInteger();

	private final CredentialResolver resolver = (request) -> {
		this.resolutions.incrementAndGet();
		return CredentialResolver.firstOf(CredentialResolver.bearer(), CredentialResolver.cookies(this.cookies))
			.resolve(request);
	};

	private final HybridCsrfRequestMatcher matcher = new HybridCsrfRequestMatcher(this.resolver);

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "OPTIONS", "TRACE" })
	void matchesWhenSafeMethodThenNever(String method) {
		MockHttpServletRequest request = withSessionCookie(method);
		request.setContentType(MediaType.APPLICATION_FORM_URLENCODED_VALUE);

		assertThat(this.matcher.matches(request)).isFalse();
		assertThat(this.resolutions).as("not even resolved").hasValue(0);
		assertThat(this.matcher.matches(withSessionCookie("POST"))).as("the same cookie on a POST").isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
	void matchesWhenCookieAuthenticatedUnsafeMethodThenRequired(String method) {
		MockHttpServletRequest json = withSessionCookie(method);
		json.setContentType(MediaType.APPLICATION_JSON_VALUE);
		MockHttpServletRequest jwtCookieOnly = new MockHttpServletRequest(method, "/api/things");
		jwtCookieOnly.setCookies(new Cookie(SessionCookies.JWT_COOKIE, "a.b.c"));

		assertThat(this.matcher.matches(withSessionCookie(method))).isTrue();
		assertThat(this.matcher.matches(json)).as("JSON with the cookie").isTrue();
		assertThat(this.matcher.matches(jwtCookieOnly)).as("the JWT cookie alone").isTrue();
	}

	@Test
	void matchesWhenBearerThenNever() {
		MockHttpServletRequest form = bearer("POST");
		form.setContentType(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
		MockHttpServletRequest bearerAndCookie = bearer("DELETE");
		bearerAndCookie.setCookies(new Cookie(SessionCookies.SESSION_COOKIE, "cookie-token"));

		assertThat(this.matcher.matches(bearer("POST"))).isFalse();
		assertThat(this.matcher.matches(form)).as("a form with a bearer header").isFalse();
		assertThat(this.matcher.matches(bearerAndCookie)).as("the bearer header is the credential").isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/json;charset=UTF-8", "application/problem+json",
			"application/vnd.api+json" })
	void matchesWhenJsonWithoutCookiesThenNotRequired(String contentType) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setContentType(contentType);

		assertThat(this.matcher.matches(request)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain",
			"not a media type" })
	void matchesWhenFormOrOtherBodyWithoutCookiesThenRequired(String contentType) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");
		request.setContentType(contentType);

		assertThat(this.matcher.matches(request)).isTrue();
	}

	@Test
	void matchesWhenNoContentTypeWithoutCookiesThenRequired() {
		assertThat(this.matcher.matches(new MockHttpServletRequest("POST", "/auth/login"))).isTrue();
	}

	@Test
	void matchesWhenCredentialIsMalformedThenNotRequired() {
		MockHttpServletRequest twoHeaders = withSessionCookie("POST");
		twoHeaders.addHeader(HttpHeaders.AUTHORIZATION, "Bearer a");
		twoHeaders.addHeader(HttpHeaders.AUTHORIZATION, "Bearer b");
		MockHttpServletRequest emptyBearer = withSessionCookie("POST");
		emptyBearer.addHeader(HttpHeaders.AUTHORIZATION, "Bearer ");

		assertThat(this.matcher.matches(twoHeaders)).as("the filter answers 400").isFalse();
		assertThat(this.matcher.matches(emptyBearer)).as("the filter answers 401").isFalse();
	}

	@Test
	void matchesWhenMatcherAndFilterRunOnOneRequestThenCredentialResolvedOnce() throws Exception {
		Instant now = Instant.now();
		FakeSessionJwtVerifier jwts = new FakeSessionJwtVerifier();
		jwts.givenValid("a.b.c", new SessionJwtClaims("alice", "sid", "jti", now, now.plusSeconds(300), now,
				List.of("ROLE_USER"), Map.of()));
		RecordingSessionService sessions = new RecordingSessionService(now);
		HybridAuthenticationFilter filter = new HybridAuthenticationFilter(this.resolver, jwts, sessions,
				new SessionRefresher(sessions, this.cookies), this.cookies, new CountingMetrics());
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setCookies(new Cookie(SessionCookies.JWT_COOKIE, "a.b.c"));

		assertThat(this.matcher.matches(request)).isTrue();
		filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());

		assertThat(SecurityContextHolder.getContext().getAuthentication().getName()).isEqualTo("alice");
		assertThat(this.resolutions).hasValue(1);
		this.matcher.matches(withSessionCookie("POST"));
		assertThat(this.resolutions).as("another request is resolved again").hasValue(2);
	}

	private static MockHttpServletRequest withSessionCookie(String method) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/things");
		request.setCookies(new Cookie(SessionCookies.SESSION_COOKIE, "cookie-token"));
		return request;
	}

	private static MockHttpServletRequest bearer(String method) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/things");
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer session-token");
		return request;
	}

}
