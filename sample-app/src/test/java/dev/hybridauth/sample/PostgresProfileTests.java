package dev.hybridauth.sample;

import java.net.http.HttpResponse;

import dev.hybridauth.it.EmbeddedPostgres;
import dev.hybridauth.it.HttpClientSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code postgres} profile, against a real PostgreSQL (embedded binaries):
 * the schema is created, the demo users are seeded, and a login works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresProfileTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgres::jdbcUrl);
	}

	@Test
	void loginAndMeWorkOnPostgres() {
		HttpClientSupport http = new HttpClientSupport(this.port);
		String token = http.login("admin", "admin-password").get("session_token").asString();

		HttpResponse<String> me = http.get("/api/me", "Authorization", "Bearer " + token);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"user\":\"admin\"", "ROLE_ADMIN");
	}

}
