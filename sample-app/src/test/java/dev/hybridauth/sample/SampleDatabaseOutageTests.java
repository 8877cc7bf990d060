package dev.hybridauth.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.hybridauth.it.HttpClientSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login during a database outage, with the sample's own JPA user store on a PostgreSQL
 * that the test stops and starts again: the user store's failure is an outage, told as
 * {@code 503} with {@code Retry-After}, never as a wrong password; when the database is
 * back, logins work again and the session from before the outage is still there. The
 * login throttle keeps its counters in memory here, so that what fails first is the user
 * store (with the database store, the throttle's own read fails first, answered the
 * same).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500", "hybrid-auth.login.throttle.store=memory" })
@ActiveProfiles("postgres")
class SampleDatabaseOutageTests {

	private static final Path dataDirectory;

	private static final int databasePort;

	private static EmbeddedPostgres database;

	static {
		try {
			dataDirectory = Files.createTempDirectory("hybrid-auth-sample-outage");
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
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		database.close();
	}

	@Test
	void loginDuringAnOutageIsAnOutageNotAWrongPassword() throws Exception {
		HttpClientSupport http = new HttpClientSupport(this.port);
		String token = http.login("alice", "alice-password").get("session_token").asString();
		HttpResponse<String> wrongBefore = http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"wrong\"}");
		assertThat(wrongBefore.statusCode()).as("a wrong password while the database is up").isEqualTo(401);

		database.close();
		try {
			List<HttpResponse<String>> duringOutage = List.of(
					http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}"),
					http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"wrong\"}"),
					http.postJson("/auth/login", "{\"username\":\"nobody\",\"password\":\"x\"}"));
			for (HttpResponse<String> response : duringOutage) {
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.body()).doesNotContain("Invalid username or password", "Exception", "SQL", "jdbc");
			}
		}
		finally {
			database = start();
		}

		int status = 0;
		for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
			status = http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
				.statusCode();
			if (status != 200) {
				Thread.sleep(500);
			}
		}
		assertThat(status).as("a login once the database is back").isEqualTo(200);
		assertThat(http.get("/api/me", "Authorization", "Bearer " + token).statusCode())
			.as("the session from before the outage")
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
