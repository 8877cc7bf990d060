package com.example.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application on a real port: a login over HTTP, then the sensitive route with the
 * session JWT and without it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class ConsumerHttpTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aLoggedInUserReachesTheSensitiveRouteWithTheSessionJwtAndNobodyElseDoes() throws Exception {
		HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"carla\",\"password\":\"carla-password\"}")));
		assertThat(login.statusCode()).isEqualTo(200);
		JsonNode tokens = JsonMapper.builder().build().readTree(login.body());
		String jwt = tokens.get("session_jwt").asString();
		assertThat(jwt.split("\\.")).hasSize(3);

		HttpResponse<String> withJwt = send(
				HttpRequest.newBuilder(uri("/api/balance")).header("Authorization", "Bearer " + jwt).GET());
		assertThat(withJwt.statusCode()).isEqualTo(200);
		assertThat(withJwt.body()).contains("\"owner\":\"carla\"");

		HttpResponse<String> without = send(HttpRequest.newBuilder(uri("/api/balance")).GET());
		assertThat(without.statusCode()).isEqualTo(401);
		assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
