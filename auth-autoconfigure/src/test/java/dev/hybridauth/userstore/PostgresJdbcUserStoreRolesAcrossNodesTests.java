package dev.hybridauth.userstore;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.Function;

import dev.hybridauth.it.EmbeddedPostgres;
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
 * Two nodes of {@link JdbcUserStoreApplication} (separate contexts and ports) on one
 * embedded PostgreSQL database, their users in its tables: {@code ROLE_ADMIN} removed
 * with {@code JdbcUserDetailsManager.updateUser} is found by a live path on node A within
 * the touch interval, and node B then refuses the JWT issued before the change on an
 * admin route within {@code hybrid-auth.revocation.max-delay} (2 s): within the touch
 * interval plus 2 s of the change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJdbcUserStoreRolesAcrossNodesTests extends AbstractJdbcUserStoreRolesTests {

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private HttpClientSupport a;

	private HttpClientSupport b;

	private String username;

	@BeforeAll
	void startNodes() {
		String url = EmbeddedPostgres
			.createDatabase("user_store_roles_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
		String[] properties = { "spring.datasource.url=" + url, "spring.datasource.username=postgres",
				"spring.datasource.password=postgres", "hybrid-auth.session.initialize-schema=always" };
		this.first = start(properties);
		this.second = start(properties);
		this.a = client(this.first);
		this.b = client(this.second);
	}

	@AfterAll
	void stopNodes() {
		this.second.close();
		this.first.close();
	}

	@BeforeEach
	void createAdmin() {
		this.username = createAdmin(this.first);
	}

	@Test
	void roleRemovedInTheUserStoreFoundByTheOpaqueTokenOnAReachesTheJwtPathOfB() {
		assertTheChangeFoundOnAReachesB(
				(login) -> bearer(this.a, "/api/admin/report", login.get("session_token").asString()));
	}

	@Test
	void roleRemovedInTheUserStoreFoundByASensitiveRouteOnAReachesTheJwtPathOfB() {
		assertTheChangeFoundOnAReachesB(
				(login) -> bearer(this.a, "/api/admin/vault", login.get("session_jwt").asString()));
	}

	/**
	 * Logs in on A, removes the role in the user store, waits for the live path
	 * {@code onA} to refuse ({@code 403}) and then for B to refuse the JWT of the login.
	 * @param onA a request on a live path of A, given the login
	 */
	private void assertTheChangeFoundOnAReachesB(Function<JsonNode, HttpResponse<String>> onA) {
		JsonNode login = this.a.login(this.username, this.username + "-password");
		String jwt = login.get("session_jwt").asString();
		assertThat(onA.apply(login).statusCode()).as("positive control: A's live path, an admin").isEqualTo(200);
		assertThat(bearer(this.b, "/api/admin/report", jwt).statusCode()).as("positive control: the JWT on B")
			.isEqualTo(200);

		removeAdmin(this.first, this.username);
		long changedAt = System.nanoTime();
		Change foundOnA = awaitNot200(() -> onA.apply(login), TOUCH_INTERVAL.multipliedBy(3));
		assertForbidden(foundOnA.response(), "A's live path");
		assertThat(between(changedAt, foundOnA.atNanos())).as("A, within the touch interval")
			.isLessThan(TOUCH_INTERVAL.plus(REQUEST_SLACK));
		Change refusedOnB = awaitNot200(() -> bearer(this.b, "/api/admin/report", jwt), MAX_DELAY.multipliedBy(3));

		assertRevoked(refusedOnB.response(), "B, the JWT issued before the change");
		assertThat(between(foundOnA.atNanos(), refusedOnB.atNanos()))
			.as("B, within the feed's bound after A found the change")
			.isLessThan(MAX_DELAY);
		assertThat(between(changedAt, refusedOnB.atNanos())).as("B, within the touch interval plus 2 s of the change")
			.isLessThan(TOUCH_INTERVAL.plus(MAX_DELAY).plus(REQUEST_SLACK));
		assertThat(roleChangesLogged(this.second, this.username)).as("one role change in the shared log").isOne();
		HttpResponse<String> refresh = this.b.post("/auth/refresh", null, "", "Authorization",
				"Bearer " + login.get("session_token").asString());
		assertThat(refresh.statusCode()).as("a refresh on B").isEqualTo(200);
		String fresh = HttpClientSupport.json(refresh).get("session_jwt").asString();
		assertThat(roles(fresh)).containsExactly("ROLE_USER");
		assertForbidden(bearer(this.b, "/api/admin/report", fresh), "B, the refreshed JWT");
	}

	private static HttpResponse<String> bearer(HttpClientSupport node, String path, String credential) {
		return node.get(path, "Authorization", "Bearer " + credential);
	}

}
