package dev.hybridauth.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement count follows the request, not a thread name: with virtual threads
 * serving requests, a session token still costs its one live read and a JWT none.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.threads.virtual.enabled=true")
class VirtualThreadRequestStatementsTests {

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void statementsOfRequestsServedByVirtualThreadsAreCounted() {
		JsonNode login = this.http.login("alice", "alice-password");

		RequestStatements.reset();
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + login.get("session_token").asString())
			.statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).isEqualTo(1);

		RequestStatements.reset();
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + login.get("session_jwt").asString())
			.statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).isZero();
	}

}
