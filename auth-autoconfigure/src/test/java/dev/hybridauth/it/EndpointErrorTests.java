package dev.hybridauth.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors that Spring MVC raises itself under the base path (no such endpoint, another
 * method) are answered as {@code application/problem+json}, like every other answer of
 * the endpoints; outside the base path, the application's error page answers.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndpointErrorTests {

	@LocalServerPort
	int port;

	private HttpClientSupport http;

	private String bearer;

	@BeforeEach
	void logIn() {
		this.http = new HttpClientSupport(this.port);
		this.bearer = "Bearer " + this.http.login("alice", "alice-password").get("session_jwt").asString();
	}

	@Test
	void anotherMethodOnAnEndpointIsAProblemWithAllow() {
		HttpResponse<String> response = this.http.get("/auth/logout-all", "Authorization", this.bearer);

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		assertProblem(response, 405, "Method Not Allowed");
	}

	@Test
	void noSuchEndpointIsAProblem() {
		HttpResponse<String> response = this.http.get("/auth/no-such-endpoint", "Authorization", this.bearer);

		assertThat(response.statusCode()).isEqualTo(404);
		assertProblem(response, 404, "Not Found");
	}

	@Test
	void outsideTheBasePathTheApplicationsErrorPageAnswers() {
		HttpResponse<String> response = this.http.get("/api/no-such-route", "Authorization", this.bearer);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).as("positive control: Boot's error JSON")
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
	}

	private static void assertProblem(HttpResponse<String> response, int status, String title) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":"
				+ status + ",\"detail\":\"The request cannot be processed: " + title + ".\"}");
	}

}
