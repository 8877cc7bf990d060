package dev.hybridauth.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /auth/login} with an HTML form, over real HTTP: a browser's page navigation
 * (an {@code Accept} that prefers {@code text/html}) is redirected with both cookies and
 * no body, so that no page ever receives the token response; every other client keeps the
 * contract's token response; JSON logins are unchanged.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserFormLoginTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	/** What Chromium and Firefox send when a form is submitted. */
	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,"
			+ "image/avif,image/webp,*/*;q=0.8";

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void aBrowserFormLoginIsRedirectedToTheSuccessUrlWithBothCookiesAndNoBody() {
		HttpResponse<String> login = formLogin(this.http, "alice-password", "Accept", BROWSER_ACCEPT);

		assertThat(login.statusCode()).isEqualTo(303);
		assertThat(login.headers().firstValue("Location")).hasValue("/");
		assertThat(login.body()).isEmpty();
		assertThat(login.headers().firstValue("Cache-Control")).hasValue("no-store");
		String session = setCookie(login, "hybrid_session").orElseThrow();
		String jwt = setCookie(login, "hybrid_session_jwt").orElseThrow();
		assertThat(session).contains("HttpOnly", "Path=/", "SameSite=Lax");
		assertThat(jwt).contains("HttpOnly", "Path=/", "SameSite=Lax");
		assertThat(setCookie(login, "XSRF-TOKEN")).as("a new CSRF token, as after every login").isPresent();
		HttpResponse<String> withSessionCookie = this.http.get("/auth/session", "Cookie", nameAndValue(session));
		HttpResponse<String> withJwtCookie = this.http.get("/auth/session", "Cookie", nameAndValue(jwt));
		assertThat(withSessionCookie.statusCode()).isEqualTo(200);
		assertThat(json(withSessionCookie).get("user_id").asString()).isEqualTo("alice");
		assertThat(json(withJwtCookie).get("authenticated_via").asString()).isEqualTo("jwt");
	}

	@Test
	void theSameFormFromAClientThatDoesNotPreferHtmlGetsTheTokenResponse() {
		String[][] accepts = { {}, { "Accept", "application/json" }, { "Accept", "*/*" },
				{ "Accept", "application/json, text/html" }, { "Accept", "application/json;q=0.9, text/html;q=0.9" } };
		for (String[] accept : accepts) {
			HttpResponse<String> login = formLogin(this.http, "alice-password", accept);

			assertThat(login.statusCode()).as(String.join(": ", accept)).isEqualTo(200);
			assertThat(json(login).get("session_token").asString()).matches("[A-Za-z0-9_-]{43}");
			assertThat(json(login).get("session_jwt").asString()).startsWith("eyJ");
			assertThat(setCookie(login, "hybrid_session")).isPresent();
			assertThat(setCookie(login, "hybrid_session_jwt")).isPresent();
		}
	}

	@Test
	void aJsonLoginIsUnchangedWhateverItAccepts() {
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}", "Accept", BROWSER_ACCEPT);

		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.headers().firstValue("Location")).isEmpty();
		assertThat(json(login).get("session_token").asString()).matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void withoutAFailureUrlARefusedBrowserFormLoginAnswers401() {
		HttpResponse<String> refused = formLogin(this.http, "wrong-password", "Accept", BROWSER_ACCEPT);

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(refused).get("detail").asString()).isEqualTo("Invalid username or password.");
		assertThat(refused.headers().firstValue("Location")).isEmpty();
		assertThat(setCookie(refused, "hybrid_session")).isEmpty();
	}

	@Test
	void configuredUrlsAreWhereABrowserGoesUnderTheContextPath() {
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "server.servlet.context-path=/app",
					"hybrid-auth.login.success-url=/welcome?first=1", "hybrid-auth.login.failure-url=/login?error")
			.run()) {
			HttpClientSupport app = new HttpClientSupport(
					((WebServerApplicationContext) application).getWebServer().getPort()) {

				@Override
				public HttpResponse<String> get(String path, String... headers) {
					return super.get("/app" + path, headers);
				}

				@Override
				public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
					return super.post("/app" + path, contentType, body, headers);
				}

			};

			HttpResponse<String> success = formLogin(app, "alice-password", "Accept", BROWSER_ACCEPT);
			HttpResponse<String> wrongPassword = formLogin(app, "wrong-password", "Accept", BROWSER_ACCEPT);
			HttpResponse<String> wrongPasswordFromAnApiClient = formLogin(app, "wrong-password");

			assertThat(success.statusCode()).isEqualTo(303);
			assertThat(success.headers().firstValue("Location")).hasValue("/app/welcome?first=1");
			assertThat(setCookie(success, "hybrid_session")).isPresent();
			assertThat(wrongPassword.statusCode()).isEqualTo(303);
			assertThat(wrongPassword.headers().firstValue("Location")).hasValue("/app/login?error");
			assertThat(wrongPassword.body()).isEmpty();
			assertThat(setCookie(wrongPassword, "hybrid_session")).isEmpty();
			assertThat(wrongPasswordFromAnApiClient.statusCode()).isEqualTo(401);
			assertThat(wrongPasswordFromAnApiClient.headers().firstValue("Content-Type"))
				.hasValue("application/problem+json");
		}
	}

	private static HttpResponse<String> formLogin(HttpClientSupport http, String password, String... headers) {
		HttpClientSupport.Csrf csrf = http.csrf();
		String[] all = new String[headers.length + 2];
		all[0] = "Cookie";
		all[1] = csrf.cookie();
		System.arraycopy(headers, 0, all, 2, headers.length);
		return http.post("/auth/login", FORM,
				"username=alice&password=" + password + "&" + csrf.parameterName() + "=" + csrf.token(), all);
	}

	private static String nameAndValue(String setCookie) {
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

}
