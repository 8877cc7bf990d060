package dev.hybridauth.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SECURITY.md item 28, with a PostgreSQL of its own that the test stops and starts again:
 * while the database is down, JWT-authenticated ordinary routes keep working and
 * everything that needs the store answers 503 with Retry-After; when it is back,
 * everything works again, with no session lost.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500" })
class DatabaseOutageTests {

	private static final Path dataDirectory;

	private static final int databasePort;

	private static EmbeddedPostgres database;

	static {
		try {
			dataDirectory = Files.createTempDirectory("hybrid-auth-outage");
			try (ServerSocket socket = new ServerSocket(0)) {
				databasePort = socket.getLocalPort();
			}
			database = start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> database.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		registry.add("hybrid-auth.session.initialize-schema", () -> "always");
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		database.close();
	}

	@Test
	void jwtRoutesSurviveAnOutageAndEverythingRecoversWhenTheDatabaseReturns() throws Exception {
		HttpClientSupport http = new HttpClientSupport(this.port);
		JsonNode login = http.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		String token = login.get("session_token").asString();

		database.close();
		try {
			assertThat(http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
			for (HttpResponse<String> response : java.util.List.of(
					http.get("/api/hello", "Authorization", "Bearer " + token),
					http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt),
					http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}"),
					http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token))) {
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.body()).doesNotContain("Exception", "SQL", "jdbc", token);
			}
		}
		finally {
			database = start();
		}

		int status = 0;
		for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
			status = http.get("/api/hello", "Authorization", "Bearer " + token).statusCode();
			if (status != 200) {
				Thread.sleep(500);
			}
		}
		assertThat(status).as("the session from before the outage").isEqualTo(200);
		assertThat(http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(200);
	}

	private static EmbeddedPostgres start() throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(databasePort)
			.start();
	}

}
