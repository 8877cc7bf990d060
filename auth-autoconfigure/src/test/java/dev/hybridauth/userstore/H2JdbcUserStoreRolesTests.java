package dev.hybridauth.userstore;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.hybridauth.it.HttpClientSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ROLE_ADMIN} removed in the application's own {@code JdbcUserDetailsManager} (on
 * H2, with a touch interval of one second, on real time) reaches each live path within
 * the touch interval: a route sensitive by the annotation, a route sensitive by
 * {@code hybrid-auth.sensitive-paths}, the opaque session token, the session cookie
 * alone. The change found is recorded as a role change, so this node's JWT path refuses
 * the older JWTs; a client that sends only its JWT to ordinary routes keeps its roles
 * until a live path or its own refresh finds the change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2JdbcUserStoreRolesTests extends AbstractJdbcUserStoreRolesTests {

	private ConfigurableApplicationContext node;

	private HttpClientSupport http;

	private String username;

	@BeforeAll
	void startNode() {
		this.node = start();
		this.http = client(this.node);
	}

	@AfterAll
	void stopNode() {
		this.node.close();
	}

	@BeforeEach
	void createAdmin() {
		this.username = createAdmin(this.node);
	}

	@Test
	void roleRemovedInTheUserStoreIsRefusedOnARouteSensitiveByTheAnnotationWithinTheTouchInterval() {
		assertRefusedOnASensitiveRouteWithinTheTouchInterval("/api/admin/vault");
	}

	@Test
	void roleRemovedInTheUserStoreIsRefusedOnARouteSensitiveBySensitivePathsWithinTheTouchInterval() {
		assertRefusedOnASensitiveRouteWithinTheTouchInterval("/api/admin/ledger");
	}

	private void assertRefusedOnASensitiveRouteWithinTheTouchInterval(String route) {
		String jwt = login().get("session_jwt").asString();
		assertThat(bearer(route, jwt).statusCode()).as("positive control: an admin before the change").isEqualTo(200);

		removeAdmin(this.node, this.username);
		long changedAt = System.nanoTime();
		Change change = awaitNot200(() -> bearer(route, jwt), TOUCH_INTERVAL.multipliedBy(3));

		assertForbidden(change.response(), route + " with the JWT of an admin, once the reload found the change");
		assertThat(change.response().headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"insufficient_scope\""));
		assertThat(between(changedAt, change.atNanos())).as("within the touch interval")
			.isLessThan(TOUCH_INTERVAL.plus(REQUEST_SLACK));
		assertThat(roleChangesLogged(this.node, this.username)).as("recorded as a role change").isOne();
		assertRevoked(bearer("/api/admin/report", jwt),
				"the JWT, older than the change, on an ordinary admin route of this node");
	}

	@Test
	void roleRemovedInTheUserStoreIsRefusedToTheOpaqueSessionTokenWithinTheTouchIntervalAndRecorded() {
		JsonNode login = login();
		String token = login.get("session_token").asString();
		String jwt = login.get("session_jwt").asString();
		assertThat(bearer("/api/admin/report", token).statusCode()).as("positive control: the token").isEqualTo(200);
		assertThat(bearer("/api/admin/report", jwt).statusCode()).as("positive control: the JWT").isEqualTo(200);
		assertThat(roleChangesLogged(this.node, this.username)).isZero();

		removeAdmin(this.node, this.username);
		long changedAt = System.nanoTime();
		Change change = awaitNot200(() -> bearer("/api/admin/report", token), TOUCH_INTERVAL.multipliedBy(3));

		assertForbidden(change.response(), "the opaque session token on an admin route");
		assertThat(between(changedAt, change.atNanos())).as("within the touch interval")
			.isLessThan(TOUCH_INTERVAL.plus(REQUEST_SLACK));
		assertThat(authorities(bearer("/api/me", token))).as("the session lives on, with the roles of now")
			.containsExactly("ROLE_USER");
		assertThat(roleChangesLogged(this.node, this.username)).as("recorded as a role change").isOne();
		assertRevoked(bearer("/api/admin/report", jwt), "the JWT issued before the change, on this node");
	}

	@Test
	void roleRemovedInTheUserStoreIsRefusedToTheSessionCookieAloneWithinTheTouchInterval() {
		String cookie = "hybrid_session=" + login().get("session_token").asString();
		assertThat(this.http.get("/api/admin/report", "Cookie", cookie).statusCode())
			.as("positive control: the session cookie")
			.isEqualTo(200);

		removeAdmin(this.node, this.username);
		long changedAt = System.nanoTime();
		Change change = awaitNot200(() -> this.http.get("/api/admin/report", "Cookie", cookie),
				TOUCH_INTERVAL.multipliedBy(3));

		assertForbidden(change.response(), "the session cookie alone on an admin route");
		assertThat(between(changedAt, change.atNanos())).as("within the touch interval")
			.isLessThan(TOUCH_INTERVAL.plus(REQUEST_SLACK));
		assertThat(HttpClientSupport.setCookie(change.response(), "hybrid_session_jwt"))
			.as("the JWT cookie of the transparent refresh, with the roles of now")
			.hasValueSatisfying((setCookie) -> assertThat(
					roles(setCookie.substring("hybrid_session_jwt=".length(), setCookie.indexOf(';'))))
				.containsExactly("ROLE_USER"));
	}

	@Test
	void aJwtOnlyClientKeepsItsRolesOnOrdinaryRoutesUntilItsRefreshFindsTheChange() throws InterruptedException {
		JsonNode login = login();
		String jwt = login.get("session_jwt").asString();
		assertThat(bearer("/api/admin/report", jwt).statusCode()).as("positive control").isEqualTo(200);

		removeAdmin(this.node, this.username);
		// past the touch interval and a poll of the revocation feed: no live path ran
		Thread.sleep(TOUCH_INTERVAL.plus(Duration.ofSeconds(1)).toMillis());

		assertThat(bearer("/api/admin/report", jwt).statusCode())
			.as("the JWT path is not a live path: the JWT's roles until its next refresh")
			.isEqualTo(200);
		assertThat(roleChangesLogged(this.node, this.username)).as("nothing found the change yet").isZero();
		HttpResponse<String> refresh = this.http.post("/auth/refresh", null, "", "Authorization",
				"Bearer " + login.get("session_token").asString());
		assertThat(refresh.statusCode()).as("the client's refresh").isEqualTo(200);
		String fresh = HttpClientSupport.json(refresh).get("session_jwt").asString();
		assertThat(roles(fresh)).containsExactly("ROLE_USER");
		assertForbidden(bearer("/api/admin/report", fresh), "the refreshed JWT on an admin route");
		assertThat(roleChangesLogged(this.node, this.username)).as("the refresh recorded the change").isOne();
		assertRevoked(bearer("/api/admin/report", jwt), "the JWT from before the refresh");
	}

	private JsonNode login() {
		return this.http.login(this.username, this.username + "-password");
	}

	private HttpResponse<String> bearer(String path, String credential) {
		return this.http.get(path, "Authorization", "Bearer " + credential);
	}

}
