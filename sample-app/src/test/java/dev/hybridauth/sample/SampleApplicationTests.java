package dev.hybridauth.sample;

import java.net.http.HttpResponse;

import dev.hybridauth.it.HttpClientSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static dev.hybridauth.it.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application answers the contract's endpoints on its embedded H2 database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		http = new HttpClientSupport(port);
	}

	@Test
	void pingIsPublic() {
		HttpResponse<String> ping = http.get("/api/ping");
		assertThat(ping.statusCode()).isEqualTo(200);
		assertThat(http.get("/api/me").statusCode()).isEqualTo(401);
	}

	@Test
	void meAnswersForSessionCookieAndBearerSessionToken() {
		String token = http.login("alice", "alice-password").get("session_token").asString();

		JsonNode byCookie = json(http.get("/api/me", "Cookie", "hybrid_session=" + token));
		JsonNode byBearer = json(http.get("/api/me", "Authorization", "Bearer " + token));

		assertThat(byCookie.get("user").asString()).isEqualTo("alice");
		assertThat(byCookie.get("authorities").toString()).isEqualTo("[\"ROLE_USER\"]");
		assertThat(byCookie.get("authenticated_via").asString()).isEqualTo("session");
		assertThat(byBearer.get("authenticated_via").asString()).isEqualTo("session");
	}

	@Test
	void meAnswersJwtForBearerJwtAndJwtCookie() {
		String jwt = http.login("alice", "alice-password").get("session_jwt").asString();

		JsonNode byBearer = json(http.get("/api/me", "Authorization", "Bearer " + jwt));
		JsonNode byCookie = json(http.get("/api/me", "Cookie", "hybrid_session_jwt=" + jwt));

		assertThat(byBearer.get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(byBearer.get("user").asString()).isEqualTo("alice");
		assertThat(byCookie.get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(http.get("/.well-known/jwks.json").statusCode()).isEqualTo(200);
	}

	@Test
	void adminRoutesNeedTheAdminRole() {
		String alice = http.login("alice", "alice-password").get("session_token").asString();
		String admin = http.login("admin", "admin-password").get("session_token").asString();

		assertThat(http.get("/api/admin/stats", "Authorization", "Bearer " + alice).statusCode()).isEqualTo(403);
		assertThat(http.get("/api/admin/stats", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(200);
		assertThat(http.get("/api/reports", "Authorization", "Bearer " + alice).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionCsrfAndLogoutFollowTheContract() {
		String token = http.login("alice", "alice-password").get("session_token").asString();

		JsonNode session = json(http.get("/auth/session", "Authorization", "Bearer " + token));
		assertThat(session.get("user_id").asString()).isEqualTo("alice");
		assertThat(session.get("authenticated_via").asString()).isEqualTo("session");

		JsonNode csrf = json(http.get("/auth/csrf"));
		assertThat(csrf.get("header_name").asString()).isNotBlank();
		assertThat(csrf.get("parameter_name").asString()).isNotBlank();

		HttpResponse<String> logout = http.post("/auth/logout", null, "", "Authorization", "Bearer " + token);
		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(http.get("/api/me", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
	}

	@Test
	void sensitiveRoutesCheckTheSessionLive() {
		JsonNode login = http.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		String token = login.get("session_token").asString();

		assertThat(http.postJson("/api/transfers", "{\"amount\":10}", "Authorization", "Bearer " + jwt).statusCode())
			.isEqualTo(200);
		assertThat(
				http.postJson("/api/account/email", "{\"email\":\"a@example.com\"}", "Authorization", "Bearer " + token)
					.statusCode())
			.isEqualTo(200);
		http.post("/auth/logout", null, "", "Authorization", "Bearer " + token);
		assertThat(http.postJson("/api/transfers", "{}", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(401);
	}

	@Test
	void adminChangesRolesAndSensitiveRoutesSeeThemAtOnce() {
		String admin = http.login("admin", "admin-password").get("session_jwt").asString();
		String alice = http.login("alice", "alice-password").get("session_jwt").asString();

		assertThat(http
			.putJson("/api/admin/users/alice/roles", "{\"roles\":[\"ROLE_USER\"]}", "Authorization", "Bearer " + alice)
			.statusCode()).isEqualTo(403);
		HttpResponse<String> changed = http.putJson("/api/admin/users/alice/roles",
				"{\"roles\":[\"ROLE_USER\",\"ROLE_AUDITOR\"]}", "Authorization", "Bearer " + admin);
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(http
			.putJson("/api/admin/users/nobody/roles", "{\"roles\":[\"ROLE_USER\"]}", "Authorization", "Bearer " + admin)
			.statusCode()).isEqualTo(404);
		HttpResponse<String> invalid = http.putJson("/api/admin/users/alice/roles", "{\"roles\":[\"admin\"]}",
				"Authorization", "Bearer " + admin);
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		http.putJson("/api/admin/users/alice/roles", "{\"roles\":[\"ROLE_USER\"]}", "Authorization", "Bearer " + admin);
	}

}
