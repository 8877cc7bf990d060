package dev.hybridauth.sample;

import java.net.http.HttpResponse;
import java.util.List;

import dev.hybridauth.it.HttpClientSupport;
import dev.hybridauth.session.SessionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

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
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void theSessionsAreKeptThroughJpaWhichTheSampleBringsForItsUsers(@Autowired SessionStore store) {
		assertThat(store.getClass().getName()).isEqualTo("dev.hybridauth.session.JpaSessionStore");
	}

	@Test
	void pingIsPublic() {
		HttpResponse<String> ping = this.http.get("/api/ping");
		assertThat(ping.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/me").statusCode()).isEqualTo(401);
	}

	@Test
	void meAnswersForSessionCookieAndBearerSessionToken() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		JsonNode byCookie = json(this.http.get("/api/me", "Cookie", "hybrid_session=" + token));
		JsonNode byBearer = json(this.http.get("/api/me", "Authorization", "Bearer " + token));

		assertThat(byCookie.get("user").asString()).isEqualTo("alice");
		assertThat(byCookie.get("authorities").toString()).isEqualTo("[\"ROLE_USER\"]");
		assertThat(byCookie.get("authenticated_via").asString()).isEqualTo("session");
		assertThat(byBearer.get("authenticated_via").asString()).isEqualTo("session");
	}

	@Test
	void meAnswersJwtForBearerJwtAndJwtCookie() {
		String jwt = this.http.login("alice", "alice-password").get("session_jwt").asString();

		JsonNode byBearer = json(this.http.get("/api/me", "Authorization", "Bearer " + jwt));
		JsonNode byCookie = json(this.http.get("/api/me", "Cookie", "hybrid_session_jwt=" + jwt));

		assertThat(byBearer.get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(byBearer.get("user").asString()).isEqualTo("alice");
		assertThat(byCookie.get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(this.http.get("/.well-known/jwks.json").statusCode()).isEqualTo(200);
	}

	@Test
	void adminRoutesNeedTheAdminRole() {
		String alice = this.http.login("alice", "alice-password").get("session_token").asString();
		String admin = this.http.login("admin", "admin-password").get("session_token").asString();

		assertThat(this.http.get("/api/admin/stats", "Authorization", "Bearer " + alice).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/api/admin/stats", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/reports", "Authorization", "Bearer " + alice).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionCsrfAndLogoutFollowTheContract() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		JsonNode session = json(this.http.get("/auth/session", "Authorization", "Bearer " + token));
		assertThat(session.get("user_id").asString()).isEqualTo("alice");
		assertThat(session.get("authenticated_via").asString()).isEqualTo("session");

		JsonNode csrf = json(this.http.get("/auth/csrf"));
		assertThat(csrf.get("header_name").asString()).isNotBlank();
		assertThat(csrf.get("parameter_name").asString()).isNotBlank();

		HttpResponse<String> logout = this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + token);
		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(this.http.get("/api/me", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
	}

	@Test
	void sensitiveRoutesCheckTheSessionLive() {
		JsonNode login = this.http.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		String token = login.get("session_token").asString();

		assertThat(
				this.http.postJson("/api/transfers", "{\"amount\":10}", "Authorization", "Bearer " + jwt).statusCode())
			.isEqualTo(200);
		assertThat(this.http
			.postJson("/api/account/email", "{\"email\":\"a@example.com\"}", "Authorization", "Bearer " + token)
			.statusCode()).isEqualTo(200);
		this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + token);
		assertThat(this.http.postJson("/api/transfers", "{}", "Authorization", "Bearer " + jwt).statusCode())
			.isEqualTo(401);
	}

	@Test
	void adminChangesRolesAndSensitiveRoutesSeeThemAtOnce() {
		String admin = this.http.login("admin", "admin-password").get("session_jwt").asString();
		String alice = this.http.login("alice", "alice-password").get("session_jwt").asString();

		assertThat(this.http
			.putJson("/api/admin/users/alice/roles", "{\"roles\":[\"ROLE_USER\"]}", "Authorization", "Bearer " + alice)
			.statusCode()).isEqualTo(403);
		HttpResponse<String> changed = this.http.putJson("/api/admin/users/alice/roles",
				"{\"roles\":[\"ROLE_USER\",\"ROLE_AUDITOR\"]}", "Authorization", "Bearer " + admin);
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(this.http
			.putJson("/api/admin/users/nobody/roles", "{\"roles\":[\"ROLE_USER\"]}", "Authorization", "Bearer " + admin)
			.statusCode()).isEqualTo(404);
		HttpResponse<String> invalid = this.http.putJson("/api/admin/users/alice/roles", "{\"roles\":[\"admin\"]}",
				"Authorization", "Bearer " + admin);
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		this.http.putJson("/api/admin/users/alice/roles", "{\"roles\":[\"ROLE_USER\"]}", "Authorization",
				"Bearer " + admin);
	}

	@Test
	void adminDisablesAUserWhoseSessionsEndAtOnceAndEnablesThemAgain() {
		String admin = this.http.login("admin", "admin-password").get("session_token").asString();
		JsonNode alice = this.http.login("alice", "alice-password");
		String aliceToken = alice.get("session_token").asString();
		String aliceJwt = alice.get("session_jwt").asString();
		try {
			assertThat(this.http.get("/api/me", "Authorization", "Bearer " + aliceToken).statusCode()).isEqualTo(200);
			HttpResponse<String> byAlice = this.http.putJson("/api/admin/users/alice/enabled", "{\"enabled\":false}",
					"Authorization", "Bearer " + aliceToken);
			assertThat(byAlice.statusCode()).as("not an admin").isEqualTo(403);
			assertThat(this.http.get("/api/me", "Authorization", "Bearer " + aliceToken).statusCode()).isEqualTo(200);

			HttpResponse<String> disabled = this.http.putJson("/api/admin/users/alice/enabled", "{\"enabled\":false}",
					"Authorization", "Bearer " + admin);

			assertThat(disabled.statusCode()).isEqualTo(204);
			assertInvalidToken(this.http.get("/api/me", "Authorization", "Bearer " + aliceToken));
			assertInvalidToken(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + aliceToken));
			assertInvalidToken(this.http.postJson("/api/transfers", "{}", "Authorization", "Bearer " + aliceJwt));
			assertInvalidToken(this.http.get("/api/reports", "Authorization", "Bearer " + aliceJwt));
			assertThat(this.http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
				.statusCode()).as("a disabled user cannot log in").isEqualTo(401);

			HttpResponse<String> enabled = this.http.putJson("/api/admin/users/alice/enabled", "{\"enabled\":true}",
					"Authorization", "Bearer " + admin);

			assertThat(enabled.statusCode()).isEqualTo(204);
			String again = this.http.login("alice", "alice-password").get("session_token").asString();
			assertThat(this.http.get("/api/me", "Authorization", "Bearer " + again).statusCode()).isEqualTo(200);
			assertInvalidToken(this.http.get("/api/me", "Authorization", "Bearer " + aliceToken));
		}
		finally {
			this.http.putJson("/api/admin/users/alice/enabled", "{\"enabled\":true}", "Authorization",
					"Bearer " + admin);
		}
	}

	@Test
	void enabledEndpointRefusesUnknownUsersAndMalformedBodies() {
		String admin = this.http.login("admin", "admin-password").get("session_token").asString();
		String alice = this.http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> unknown = this.http.putJson("/api/admin/users/nobody/enabled", "{\"enabled\":false}",
				"Authorization", "Bearer " + admin);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		for (String body : List.of("{\"enabled\":\"false\"}", "{\"enabled\":0}", "{\"enabled\":null}", "{}", "[]",
				"{\"enabled\":", "")) {
			HttpResponse<String> malformed = this.http.putJson("/api/admin/users/alice/enabled", body, "Authorization",
					"Bearer " + admin);
			assertThat(malformed.statusCode()).as(body).isEqualTo(400);
			assertThat(malformed.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
			assertThat(malformed.body()).as(body).doesNotContain("Exception", "at dev.", "at org.");
		}
		assertThat(this.http.get("/api/me", "Authorization", "Bearer " + alice).statusCode())
			.as("alice is still enabled, her session live")
			.isEqualTo(200);
	}

	private static void assertInvalidToken(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
	}

}
