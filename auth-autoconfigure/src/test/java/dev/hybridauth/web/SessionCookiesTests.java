package dev.hybridauth.web;

import java.time.Instant;
import java.util.List;

import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.StartedSession;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookiesTests {

	private final Instant now = Instant.parse("2026-11-29T10:00:00Z");

	@Test
	void writeWhenSecureThenHostPrefixAndSecureFlag() {
		SessionCookies cookies = new SessionCookies(true, "Lax");
		MockHttpServletResponse response = new MockHttpServletResponse();

		cookies.write(new MockHttpServletRequest(), response, new StartedSession("token",
				session(this.now.plusSeconds(60)), new SessionJwt("jwt", this.now, this.now.plusSeconds(30))));

		assertThat(response.getHeader("Set-Cookie")).startsWith("__Host-hybrid_session=token;")
			.contains("Secure", "HttpOnly", "Path=/", "SameSite=Lax", "Max-Age=60")
			.doesNotContain("Domain");
	}

	@Test
	void writeWhenSecureIsUnsetThenFollowsTheRequest() {
		SessionCookies cookies = new SessionCookies(null, "Strict");
		MockHttpServletRequest https = new MockHttpServletRequest();
		https.setSecure(true);
		MockHttpServletResponse httpsResponse = new MockHttpServletResponse();
		MockHttpServletResponse httpResponse = new MockHttpServletResponse();

		cookies.writeJwt(https, httpsResponse, new SessionJwt("jwt", this.now, this.now.plusSeconds(300)));
		cookies.writeJwt(new MockHttpServletRequest(), httpResponse,
				new SessionJwt("jwt", this.now, this.now.plusSeconds(300)));

		assertThat(httpsResponse.getHeader("Set-Cookie")).startsWith("__Host-hybrid_session_jwt=jwt;")
			.contains("Secure", "SameSite=Strict");
		assertThat(httpResponse.getHeader("Set-Cookie")).startsWith("hybrid_session_jwt=jwt;").doesNotContain("Secure");
	}

	@Test
	void readWhenSecureThenIgnoresTheUnprefixedName() {
		SessionCookies cookies = new SessionCookies(true, "Lax");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("hybrid_session", "planted"));

		assertThat(cookies.readSessionToken(request)).isNull();
		request.setCookies(new Cookie("__Host-hybrid_session", "real"));
		assertThat(cookies.readSessionToken(request)).isEqualTo("real");
	}

	@Test
	void clearWhenCalledThenBothCookiesExpire() {
		SessionCookies cookies = new SessionCookies(false, "Lax");
		MockHttpServletResponse response = new MockHttpServletResponse();

		cookies.clear(new MockHttpServletRequest(), response);

		assertThat(response.getHeaders("Set-Cookie")).hasSize(2)
			.allSatisfy((cookie) -> assertThat(cookie).contains("Max-Age=0", "HttpOnly", "Path=/"));
	}

	@Test
	void csrfTokenRepositoryWhenSecureThenHostPrefixSecureAndSameSite() {
		CsrfTokenRepository repository = new SessionCookies(null, "Strict").csrfTokenRepository();
		MockHttpServletRequest https = new MockHttpServletRequest();
		https.setSecure(true);
		MockHttpServletResponse httpsResponse = new MockHttpServletResponse();
		MockHttpServletResponse httpResponse = new MockHttpServletResponse();

		repository.saveToken(repository.generateToken(https), https, httpsResponse);
		repository.saveToken(repository.generateToken(new MockHttpServletRequest()), new MockHttpServletRequest(),
				httpResponse);

		Cookie secure = httpsResponse.getCookie("__Host-XSRF-TOKEN");
		Cookie plain = httpResponse.getCookie("XSRF-TOKEN");
		assertThat(httpsResponse.getCookie("XSRF-TOKEN")).isNull();
		assertThat(httpResponse.getCookie("__Host-XSRF-TOKEN")).isNull();
		for (Cookie cookie : List.of(secure, plain)) {
			assertThat(cookie.getPath()).isEqualTo("/");
			assertThat(cookie.getDomain()).isNull();
			assertThat(cookie.isHttpOnly()).isTrue();
			assertThat(cookie.getAttribute("SameSite")).isEqualTo("Strict");
		}
		assertThat(secure.getSecure()).isTrue();
		assertThat(plain.getSecure()).isFalse();
	}

	@Test
	void csrfTokenRepositoryWhenSecureThenReadsOnlyTheHostPrefixedCookie() {
		CsrfTokenRepository repository = new SessionCookies(true, "Lax").csrfTokenRepository();
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("XSRF-TOKEN", "planted"));

		assertThat(repository.loadToken(request)).isNull();
		request.setCookies(new Cookie("__Host-XSRF-TOKEN", "real"));
		assertThat(repository.loadToken(request).getToken()).isEqualTo("real");
	}

	@Test
	void writeWhenTheRequestIsCsrfProtectedThenANewCsrfCookieAndRequestToken() {
		SessionCookies cookies = new SessionCookies(false, "Lax");
		MockHttpServletRequest protectedRequest = new MockHttpServletRequest();
		protectedRequest.setCookies(new Cookie("XSRF-TOKEN", "known"));
		CsrfToken known = new DefaultCsrfToken("X-XSRF-TOKEN", "_csrf", "known");
		protectedRequest.setAttribute(CsrfToken.class.getName(), known);
		MockHttpServletResponse protectedResponse = new MockHttpServletResponse();
		MockHttpServletResponse unprotectedResponse = new MockHttpServletResponse();

		cookies.write(protectedRequest, protectedResponse, started());
		cookies.write(new MockHttpServletRequest(), unprotectedResponse, started());

		assertThat(protectedResponse.getHeaders("Set-Cookie")).hasSize(3)
			.last()
			.satisfies((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN=").doesNotStartWith("XSRF-TOKEN=known"));
		CsrfToken current = (CsrfToken) protectedRequest.getAttribute(CsrfToken.class.getName());
		assertThat(current).isNotSameAs(known);
		assertThat(current.getToken()).as("the masked new token").isNotEqualTo("known");
		assertThat(unprotectedResponse.getHeaders("Set-Cookie")).as("no CSRF protection, no CSRF cookie")
			.hasSize(2)
			.noneMatch((cookie) -> cookie.contains("XSRF-TOKEN"));
	}

	private StartedSession started() {
		return new StartedSession("token", session(this.now.plusSeconds(60)),
				new SessionJwt("jwt", this.now, this.now.plusSeconds(30)));
	}

	private HybridSession session(Instant absoluteExpiresAt) {
		return new HybridSession("sid", "alice", List.of(), this.now, this.now, absoluteExpiresAt, absoluteExpiresAt,
				this.now, null, null);
	}

}
