package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSRF cookie follows the session cookies with {@code hybrid-auth.cookie.secure}
 * unset: per request, {@code XSRF-TOKEN} over plain HTTP and {@code Secure}
 * {@code __Host-XSRF-TOKEN} over HTTPS (simulated with {@code X-Forwarded-Proto}, which
 * this application trusts from the loopback address); and every login replaces it, so
 * that a token known before the login is refused after it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.forward-headers-strategy=native")
class CsrfCookieTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String[] HTTPS = { "X-Forwarded-Proto", "https" };

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void overPlainHttpTheCsrfCookieIsUnprefixedAndNotSecure() {
		HttpResponse<String> response = this.http.get("/auth/csrf");

		assertThat(setCookie(response, "XSRF-TOKEN"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).contains("Path=/;", "HttpOnly", "SameSite=Lax")
				.doesNotContain("Secure", "Domain"));
		assertThat(setCookie(response, "__Host-XSRF-TOKEN")).isEmpty();
	}

	@Test
	void overHttpsTheCsrfCookieIsSecureWithTheHostPrefixLikeTheSessionCookies() {
		HttpResponse<String> csrf = this.http.get("/auth/csrf", HTTPS);
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}", HTTPS);

		assertThat(setCookie(csrf, "__Host-XSRF-TOKEN"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).contains("Path=/;", "Secure", "HttpOnly", "SameSite=Lax")
				.doesNotContain("Domain"));
		assertThat(setCookie(csrf, "XSRF-TOKEN")).isEmpty();
		assertThat(setCookie(login, "__Host-hybrid_session")).isPresent();
		assertThat(setCookie(login, "__Host-XSRF-TOKEN")).isPresent();
		assertThat(setCookie(login, "XSRF-TOKEN")).isEmpty();
	}

	@Test
	void overHttpsAnUnprefixedCsrfCookieIsIgnored() {
		String session = "__Host-hybrid_session="
				+ this.http.login("alice", "alice-password").get("session_token").asString();
		// a sibling subdomain can set XSRF-TOKEN, never __Host-XSRF-TOKEN
		HttpClientSupport.Csrf planted = this.http.csrf();
		HttpClientSupport.Csrf real = this.http.csrf(HTTPS);

		HttpResponse<String> withPlanted = this.http.postJson("/api/echo", "{}", "Cookie",
				session + "; " + planted.cookie(), planted.headerName(), planted.token(), HTTPS[0], HTTPS[1]);
		HttpResponse<String> withReal = this.http.postJson("/api/echo", "{}", "Cookie", session + "; " + real.cookie(),
				real.headerName(), real.token(), HTTPS[0], HTTPS[1]);

		assertThat(planted.cookie()).startsWith("XSRF-TOKEN=");
		assertThat(withPlanted.statusCode()).isEqualTo(403);
		assertThat(json(withPlanted).get("detail").asString()).containsIgnoringCase("CSRF");
		assertThat(real.cookie()).startsWith("__Host-XSRF-TOKEN=");
		assertThat(withReal.statusCode()).isEqualTo(200);
	}

	@Test
	void everyLoginReplacesTheCsrfCookie() {
		HttpClientSupport.Csrf before = this.http.csrf();

		HttpResponse<String> jsonLogin = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}", "Cookie", before.cookie());
		HttpResponse<String> formLogin = this.http.post("/auth/login", FORM,
				"username=alice&password=alice-password&" + before.parameterName() + "=" + before.token(), "Cookie",
				before.cookie());
		String session = "hybrid_session=" + json(formLogin).get("session_token").asString();
		HttpResponse<String> reauthentication = this.http.postJson("/auth/reauthenticate",
				"{\"password\":\"alice-password\"}", "Cookie", session + "; " + before.cookie(), before.headerName(),
				before.token());
		HttpResponse<String> refusedLogin = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"wrong\"}", "Cookie", before.cookie());

		for (HttpResponse<String> login : List.of(jsonLogin, formLogin, reauthentication)) {
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(setCookie(login, "XSRF-TOKEN"))
				.hasValueSatisfying((cookie) -> assertThat(cookie).doesNotStartWith(before.cookie() + ";")
					.matches("XSRF-TOKEN=[0-9a-f-]{36}; .*")
					.contains("Path=/;", "HttpOnly", "SameSite=Lax"));
		}
		assertThat(refusedLogin.statusCode()).isEqualTo(401);
		assertThat(setCookie(refusedLogin, "XSRF-TOKEN")).as("a refused login keeps the token").isEmpty();
	}

	@Test
	void aTokenKnownBeforeTheLoginIsRefusedAfterIt() {
		HttpClientSupport.Csrf known = this.http.csrf();
		HttpResponse<String> login = this.http.post("/auth/login", FORM,
				"username=alice&password=alice-password&" + known.parameterName() + "=" + known.token(), "Cookie",
				known.cookie());
		String session = "hybrid_session=" + json(login).get("session_token").asString();
		String newCookie = setCookie(login, "XSRF-TOKEN").map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
			.orElseThrow();

		HttpResponse<String> withKnownToken = this.http.postJson("/api/echo", "{}", "Cookie",
				session + "; " + newCookie, known.headerName(), known.token());
		HttpClientSupport.Csrf current = this.http.csrf("Cookie", newCookie);
		HttpResponse<String> withCurrentToken = this.http.postJson("/api/echo", "{}", "Cookie",
				session + "; " + newCookie, current.headerName(), current.token());

		assertThat(newCookie).isNotEqualTo(known.cookie());
		assertThat(withKnownToken.statusCode()).isEqualTo(403);
		assertThat(json(withKnownToken).get("detail").asString()).containsIgnoringCase("CSRF");
		assertThat(withCurrentToken.statusCode()).isEqualTo(200);
	}

}
