package dev.hybridauth.sample;

import java.net.http.HttpResponse;

import dev.hybridauth.it.HttpClientSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hybridauth.it.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample exposes the {@code hybridauth} endpoint and the health over the web to
 * admins only, with the health details for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleActuatorTests {

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void theHybridauthEndpointAnswersAnAdminAndRefusesAnyoneElse() {
		String alice = this.http.login("alice", "alice-password").get("session_jwt").asString();
		String admin = this.http.login("admin", "admin-password").get("session_jwt").asString();

		assertThat(this.http.get("/actuator/hybridauth").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + alice).statusCode())
			.isEqualTo(403);
		assertThat(this.http.get("/actuator/hybridauth/alice", "Authorization", "Bearer " + alice).statusCode())
			.isEqualTo(403);
		HttpResponse<String> forAdmin = this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + admin);
		assertThat(forAdmin.statusCode()).isEqualTo(200);
		assertThat(json(forAdmin).get("live_sessions").asLong()).isPositive();
		HttpResponse<String> aliceSessions = this.http.get("/actuator/hybridauth/alice", "Authorization",
				"Bearer " + admin);
		assertThat(aliceSessions.statusCode()).isEqualTo(200);
		assertThat(json(aliceSessions).get("sessions")).isNotEmpty();
	}

	@Test
	void theHealthAndItsDetailsAreForAdmins() {
		String alice = this.http.login("alice", "alice-password").get("session_jwt").asString();
		String admin = this.http.login("admin", "admin-password").get("session_jwt").asString();

		assertThat(this.http.get("/actuator/health").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/actuator/health", "Authorization", "Bearer " + alice).statusCode()).isEqualTo(403);
		HttpResponse<String> forAdmin = this.http.get("/actuator/health", "Authorization", "Bearer " + admin);
		assertThat(forAdmin.statusCode()).isEqualTo(200);
		JsonNode hybridAuth = json(forAdmin).get("components").get("hybridAuth");
		assertThat(hybridAuth.get("status").asString()).isEqualTo("UP");
		assertThat(hybridAuth.get("details").get("sessionStore").asString()).isEqualTo("UP");
	}

}
