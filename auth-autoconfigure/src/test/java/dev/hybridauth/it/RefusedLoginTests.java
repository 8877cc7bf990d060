package dev.hybridauth.it;

import java.net.http.HttpResponse;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the refuse policy, a login beyond the session limit answers 403 and leaves the
 * existing sessions alone.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hybrid-auth.session.max-per-user=1", "hybrid-auth.session.limit-policy=refuse" })
class RefusedLoginTests {

	@LocalServerPort
	int port;

	@Autowired
	HybridSessionService sessions;

	@Test
	void loginBeyondTheLimitIsForbidden() {
		this.sessions.revokeAll("alice", RevocationReason.APPLICATION);
		HttpClientSupport http = new HttpClientSupport(this.port);
		String first = http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> second = http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");

		assertThat(second.statusCode()).isEqualTo(403);
		assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(HttpClientSupport.setCookie(second, "hybrid_session")).isEmpty();
		assertThat(http.get("/api/hello", "Authorization", "Bearer " + first).statusCode()).isEqualTo(200);
	}

}
