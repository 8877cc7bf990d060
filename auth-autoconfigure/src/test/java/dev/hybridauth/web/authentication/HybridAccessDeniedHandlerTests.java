package dev.hybridauth.web.authentication;

import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.InvalidCsrfTokenException;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link HybridAccessDeniedHandler} answers: {@code 403} always,
 * {@code insufficient_scope} for bearer callers only, and its own detail for a CSRF
 * refusal.
 */
class HybridAccessDeniedHandlerTests {

	private static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\", "
			+ "error_description=\"The request requires higher privileges.\"";

	private final HybridAccessDeniedHandler handler = new HybridAccessDeniedHandler();

	private final RequestCredentials credentials = new RequestCredentials(CredentialResolver
		.firstOf(CredentialResolver.bearer(), CredentialResolver.cookies(new SessionCookies(false, "Lax"))));

	@Test
	void handleWhenBearerCallerLacksAuthorityThenInsufficientScope() throws Exception {
		MockHttpServletRequest request = resolved(bearer());

		MockHttpServletResponse response = handle(request, new AuthorizationDeniedException("Access Denied"));

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(INSUFFICIENT_SCOPE);
		assertProblemBody(response, "Access to this resource is denied.");
	}

	@Test
	void handleWhenCookieCallerLacksAuthorityThenNoChallenge() throws Exception {
		MockHttpServletRequest request = resolved(sessionCookie());

		MockHttpServletResponse response = handle(request, new AccessDeniedException("Access Denied"));

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertProblemBody(response, "Access to this resource is denied.");
	}

	@Test
	void handleWhenCredentialNotResolvedThenNoChallenge() throws Exception {
		MockHttpServletResponse response = handle(new MockHttpServletRequest(), new AccessDeniedException("Denied"));

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(
				handle(resolved(bearer()), new AccessDeniedException("Denied")).getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.as("the same handler, a resolved bearer credential")
			.isEqualTo(INSUFFICIENT_SCOPE);
	}

	@Test
	void handleWhenCsrfTokenMissingOrInvalidThenCsrfProblemWithoutChallenge() throws Exception {
		MockHttpServletResponse missing = handle(resolved(sessionCookie()), new MissingCsrfTokenException(null));
		MockHttpServletResponse invalid = handle(resolved(sessionCookie()), new InvalidCsrfTokenException(
				new DefaultCsrfToken("X-XSRF-TOKEN", "_csrf", "expected-token"), "sent-token"));

		for (MockHttpServletResponse response : new MockHttpServletResponse[] { missing, invalid }) {
			assertThat(response.getStatus()).isEqualTo(403);
			assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
			assertProblemBody(response, "A valid CSRF token is required.");
			assertThat(response.getContentAsString()).doesNotContain("expected-token", "sent-token");
		}
	}

	private MockHttpServletResponse handle(MockHttpServletRequest request, AccessDeniedException exception)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.handle(request, response, exception);
		return response;
	}

	private MockHttpServletRequest resolved(MockHttpServletRequest request) {
		this.credentials.resolve(request);
		return request;
	}

	private static MockHttpServletRequest bearer() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/admin");
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer a.b.c");
		return request;
	}

	private static MockHttpServletRequest sessionCookie() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/admin");
		request.setCookies(new Cookie(SessionCookies.SESSION_COOKIE, "cookie-token"));
		return request;
	}

	private static void assertProblemBody(MockHttpServletResponse response, String detail) throws Exception {
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.getContentAsString()).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"" + detail + "\"}");
	}

}
