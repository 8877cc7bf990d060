package dev.hybridauth.config;

import java.net.http.HttpResponse;

import dev.hybridauth.it.HttpClientSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DSL in an application's own chain: its rules stay in force, and the hybrid-auth
 * endpoints work without a rule of their own even though the chain ends in
 * {@code anyRequest().authenticated()}.
 */
@SpringBootTest(classes = OwnFilterChainApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HybridAuthConfigurerTests {

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void publicEndpointsNeedNoRuleInTheApplicationsChain() {
		assertThat(this.http.get("/auth/csrf").statusCode()).isEqualTo(200);
		assertThat(this.http.post("/auth/logout", null, "").statusCode()).as("logout without CSRF").isEqualTo(403);
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		assertThat(token).isNotBlank();
	}

	@Test
	void applicationRulesStayInForce() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		assertThat(this.http.get("/public").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/private").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/private", "Cookie", "hybrid_session=" + token).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/admin", "Cookie", "hybrid_session=" + token).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/auth/session").statusCode()).isEqualTo(401);
	}

	@Test
	void formLoginEndsInAHybridSessionThroughTheSuccessHandler() {
		HttpClientSupport.Csrf csrf = this.http.csrf();

		HttpResponse<String> response = this.http.post("/form-login", "application/x-www-form-urlencoded",
				"username=alice&password=alice-password&" + csrf.parameterName() + "=" + csrf.token(), "Cookie",
				csrf.cookie());

		assertThat(response.statusCode()).isEqualTo(302);
		String sessionCookie = setCookie(response, "hybrid_session").orElseThrow();
		assertThat(setCookie(response, "hybrid_session_jwt")).isPresent();
		assertThat(setCookie(response, "JSESSIONID")).isEmpty();
		String cookie = sessionCookie.substring(0, sessionCookie.indexOf(';'));
		assertThat(this.http.get("/private", "Cookie", cookie).statusCode()).isEqualTo(200);
	}

	@Test
	void formLoginThroughTheSuccessHandlerReplacesTheCsrfCookie() {
		HttpClientSupport.Csrf known = this.http.csrf();

		HttpResponse<String> response = this.http.post("/form-login", "application/x-www-form-urlencoded",
				"username=alice&password=alice-password&" + known.parameterName() + "=" + known.token(), "Cookie",
				known.cookie());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(setCookie(response, "XSRF-TOKEN"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN=")
				.doesNotStartWith(known.cookie() + ";")
				.contains("Path=/;", "HttpOnly", "SameSite=Lax"));
		String session = setCookie(response, "hybrid_session").orElseThrow();
		String newCookie = setCookie(response, "XSRF-TOKEN").orElseThrow();
		String cookies = session.substring(0, session.indexOf(';')) + "; "
				+ newCookie.substring(0, newCookie.indexOf(';'));
		assertThat(this.http.post("/auth/logout", null, "", "Cookie", cookies, known.headerName(), known.token())
			.statusCode()).as("the token known before the login").isEqualTo(403);
	}

	@Test
	void noHttpSessionIsEverCreated() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> denied = this.http.get("/admin", "Cookie", "hybrid_session=" + token);
		HttpResponse<String> allowed = this.http.get("/private", "Authorization", "Bearer " + token);
		HttpResponse<String> anonymous = this.http.get("/private");

		assertThat(setCookie(denied, "JSESSIONID")).isEmpty();
		assertThat(setCookie(allowed, "JSESSIONID")).isEmpty();
		assertThat(setCookie(anonymous, "JSESSIONID")).isEmpty();
	}

}
