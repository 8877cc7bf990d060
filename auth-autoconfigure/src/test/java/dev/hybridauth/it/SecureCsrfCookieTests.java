package dev.hybridauth.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code hybrid-auth.cookie.secure=true} (and {@code same-site=Strict}), the CSRF
 * cookie is {@code __Host-XSRF-TOKEN}, {@code Secure} and {@code Strict} on every
 * request, as the session cookies are, even one that reached the application over plain
 * HTTP (behind a TLS proxy that forwards no headers); the unprefixed cookie, which a
 * sibling subdomain could plant, is never read; and a login replaces it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hybrid-auth.cookie.secure=true", "hybrid-auth.cookie.same-site=Strict" })
class SecureCsrfCookieTests {

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void csrfCookieIsSecureWithTheHostPrefixAndTheSessionCookiesSameSite() {
		HttpResponse<String> csrf = this.http.get("/auth/csrf");
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");

		assertThat(setCookie(csrf, "__Host-XSRF-TOKEN")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).contains("Path=/;", "Secure", "HttpOnly", "SameSite=Strict")
					.doesNotContain("Domain"));
		assertThat(setCookie(csrf, "XSRF-TOKEN")).isEmpty();
		assertThat(setCookie(login, "__Host-hybrid_session")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).contains("Path=/;", "Secure", "HttpOnly", "SameSite=Strict"));
		assertThat(setCookie(login, "__Host-XSRF-TOKEN")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).contains("Path=/;", "Secure", "HttpOnly", "SameSite=Strict"));
	}

	@Test
	void anUnprefixedCsrfCookieIsNeverRead() {
		String session = "__Host-hybrid_session="
				+ this.http.login("alice", "alice-password").get("session_token").asString();
		HttpClientSupport.Csrf real = this.http.csrf();
		String plantedCookie = real.cookie().replace("__Host-XSRF-TOKEN=", "XSRF-TOKEN=");

		HttpResponse<String> withPlanted = this.http.postJson("/api/echo", "{}", "Cookie",
				session + "; " + plantedCookie, real.headerName(), real.token());
		HttpResponse<String> withReal = this.http.postJson("/api/echo", "{}", "Cookie", session + "; " + real.cookie(),
				real.headerName(), real.token());

		assertThat(withPlanted.statusCode()).isEqualTo(403);
		assertThat(json(withPlanted).get("detail").asString()).isEqualTo("A valid CSRF token is required.");
		assertThat(withReal.statusCode()).isEqualTo(200);
	}

	@Test
	void loginReplacesTheCsrfCookieAndTheTokenKnownBeforeIsRefused() {
		HttpClientSupport.Csrf known = this.http.csrf();
		HttpResponse<String> login = this.http.post("/auth/login", "application/x-www-form-urlencoded",
				"username=alice&password=alice-password&" + known.parameterName() + "=" + known.token(), "Cookie",
				known.cookie());
		String session = "__Host-hybrid_session=" + json(login).get("session_token").asString();
		String newCookie = setCookie(login, "__Host-XSRF-TOKEN")
			.map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
			.orElseThrow();
		HttpClientSupport.Csrf current = this.http.csrf("Cookie", newCookie);

		HttpResponse<String> withKnown = this.http.postJson("/api/echo", "{}", "Cookie", session + "; " + newCookie,
				known.headerName(), known.token());
		HttpResponse<String> withCurrent = this.http.postJson("/api/echo", "{}", "Cookie", session + "; " + newCookie,
				current.headerName(), current.token());

		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(newCookie).startsWith("__Host-XSRF-TOKEN=").isNotEqualTo(known.cookie());
		assertThat(withKnown.statusCode()).isEqualTo(403);
		assertThat(withCurrent.statusCode()).isEqualTo(200);
	}

}
