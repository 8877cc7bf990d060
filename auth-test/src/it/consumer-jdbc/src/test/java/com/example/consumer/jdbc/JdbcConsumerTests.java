package com.example.consumer.jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter in an application without JPA: nothing of JPA or Hibernate can be loaded,
 * and a login, its session JWT on a sensitive route and a logout go through the JDBC
 * session store, on a real port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JdbcConsumerTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void neitherJpaNorHibernateIsOnTheClasspath() throws Exception {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(Class.forName("org.springframework.jdbc.core.simple.JdbcClient", false, classLoader))
			.as("a class of the starter's JDBC is found")
			.isNotNull();
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("jakarta.persistence.EntityManagerFactory", false, classLoader));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.hibernate.SessionFactory", false, classLoader));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.orm.jpa.JpaTransactionManager", false, classLoader));
	}

	@Test
	void aLoginItsJwtOnASensitiveRouteAndALogoutGoThroughTheJdbcStore() throws Exception {
		assertThat(this.context.getBean("hybridAuthSessionStore").getClass().getName())
			.isEqualTo("dev.hybridauth.session.JdbcSessionStore");
		HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"carla\",\"password\":\"carla-password\"}")));
		assertThat(login.statusCode()).isEqualTo(200);
		JsonNode tokens = JsonMapper.builder().build().readTree(login.body());
		String jwt = tokens.get("session_jwt").asString();
		String sessionId = tokens.get("session").get("session_id").asString();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from hybrid_auth_session where session_id = ? and user_id = 'carla' "
						+ "and revoked_at is null",
				Integer.class, sessionId))
			.as("the session is a row of hybrid_auth_session")
			.isOne();

		HttpResponse<String> withJwt = send(
				HttpRequest.newBuilder(uri("/api/balance")).header("Authorization", "Bearer " + jwt).GET());
		assertThat(withJwt.statusCode()).isEqualTo(200);
		assertThat(withJwt.body()).contains("\"owner\":\"carla\"");
		assertThat(send(HttpRequest.newBuilder(uri("/api/balance")).GET()).statusCode()).isEqualTo(401);

		HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/auth/logout"))
			.header("Authorization", "Bearer " + jwt)
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(this.jdbc.queryForObject(
				"select revocation_reason from hybrid_auth_session where session_id = ?", String.class, sessionId))
			.as("the logout revoked the row")
			.isEqualTo("LOGOUT");
		HttpResponse<String> afterLogout = send(
				HttpRequest.newBuilder(uri("/api/balance")).header("Authorization", "Bearer " + jwt).GET());
		assertThat(afterLogout.statusCode()).as("the sensitive route checks the row").isEqualTo(401);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
