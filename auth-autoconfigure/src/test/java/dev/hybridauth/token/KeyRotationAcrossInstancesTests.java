package dev.hybridauth.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import dev.hybridauth.it.EmbeddedPostgres;
import dev.hybridauth.it.HttpClientSupport;
import dev.hybridauth.it.JwtForge;
import dev.hybridauth.it.MutableClock;
import dev.hybridauth.it.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one PostgreSQL database, through several key rotations:
 * tokens issued by either instance, just before or just after a switch, verify on the
 * other, and no request fails.
 */
class KeyRotationAcrossInstancesTests {

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	@BeforeEach
	void startTwoInstances() {
		String url = EmbeddedPostgres.jdbcUrl();
		this.first = start(url);
		new JdbcTemplate(this.first.getBean(javax.sql.DataSource.class)).update("delete from hybrid_auth_signing_key");
		this.first.getBean(DatabaseSigningKeys.class).reload();
		this.second = start(url);
		MutableClock.SHARED.reset();
	}

	@AfterEach
	void stop() {
		this.first.close();
		this.second.close();
	}

	@Test
	void noRequestFailsAcrossKeySwitchesOnTwoInstances() {
		HttpClientSupport a = new HttpClientSupport(port(this.first));
		HttpClientSupport b = new HttpClientSupport(port(this.second));
		Set<String> signingKeys = new HashSet<>();
		Deque<String> recentJwts = new ArrayDeque<>();
		for (int minute = 0; minute < 75; minute++) {
			MutableClock.SHARED.advance(Duration.ofMinutes(1));
			this.first.getBean(DatabaseSigningKeys.class).reload();
			this.second.getBean(DatabaseSigningKeys.class).reload();

			JsonNode login = a.login("alice", "alice-password");
			String jwtFromA = login.get("session_jwt").asString();
			assertOk(b.get("/api/hello", "Authorization", "Bearer " + jwtFromA), minute);
			HttpResponse<String> refreshed = b.post("/auth/refresh", null, "", "Authorization",
					"Bearer " + login.get("session_token").asString());
			assertOk(refreshed, minute);
			String jwtFromB = HttpClientSupport.json(refreshed).get("session_jwt").asString();
			assertOk(a.get("/api/hello", "Authorization", "Bearer " + jwtFromB), minute);
			for (String earlier : recentJwts) {
				assertOk(a.get("/api/hello", "Authorization", "Bearer " + earlier), minute);
				assertOk(b.get("/api/hello", "Authorization", "Bearer " + earlier), minute);
			}
			recentJwts.addLast(jwtFromA);
			recentJwts.addLast(jwtFromB);
			while (recentJwts.size() > 8) {
				recentJwts.removeFirst();
			}
			signingKeys.add(kid(jwtFromA));
			signingKeys.add(kid(jwtFromB));
		}
		assertThat(signingKeys).as("keys that signed during the run").hasSizeGreaterThanOrEqualTo(4);
	}

	private static void assertOk(HttpResponse<String> response, int minute) {
		assertThat(response.statusCode()).as("minute " + minute + ": " + response.body()).isEqualTo(200);
	}

	private static String kid(String jwt) {
		return json(JwtForge.decode(JwtForge.parts(jwt)[0])).get("kid").asString();
	}

	private static JsonNode json(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
	}

	private static ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=postgres", "hybrid-auth.session.initialize-schema=always",
					"hybrid-auth.jwt.key-rotation-interval=20m", "test.shared-clock=true")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
