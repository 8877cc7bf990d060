package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.config.HybridAuthConfigurer;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.session.RevocationFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The {@code hybridauth} actuator endpoint and the {@code hybridAuth} health component
 * over real HTTP, exposed by the application and behind its rule that
 * {@code /actuator/**} needs {@code ROLE_ADMIN}: what an admin reads (keys without key
 * material, the feed, the live count, a user's sessions without tokens), the revocations
 * and what they do to the revoked credentials, the CSRF rule for cookie callers, and the
 * health through a silent feed and a failing store. Runs once per database.
 */
@SpringBootTest(classes = { TestApplication.class, AbstractActuatorTests.AdminOnlyActuator.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,hybridauth",
				"management.endpoint.health.show-details=always" })
abstract class AbstractActuatorTests {

	private static final Set<String> PRIVATE_JWK_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi");

	private static final Set<String> SESSION_FIELDS = Set.of("session_id", "user_id", "started_at", "last_accessed_at",
			"expires_at", "absolute_expires_at", "authenticated_at", "ip_address", "user_agent");

	@LocalServerPort
	int port;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	MutableClock clock;

	@Autowired
	RevocationFeed feed;

	@Autowired
	RecordedEvents events;

	@Autowired
	DataSource dataSource;

	HttpClientSupport http;

	/**
	 * @return what the summary says of the feed's listener on this database
	 */
	abstract String expectedListener();

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
		this.clock.reset();
		// a read at the reset clock: an earlier test moved it forward while the feed read
		this.feed.stop();
		this.feed.start();
		this.sessions.revokeAll("alice", RevocationReason.APPLICATION);
		this.sessions.revokeAll("admin", RevocationReason.APPLICATION);
		this.events.clear();
	}

	@AfterEach
	void restartTheFeed() {
		this.clock.reset();
		this.feed.start();
	}

	@Test
	void adminReadsTheKeysWithoutKeyMaterialTheFeedAndTheLiveCount() {
		String adminJwt = this.http.login("admin", "admin-password").get("session_jwt").asString();
		// the database is shared with other tests, whose users may have live sessions
		long before = json(this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + adminJwt))
			.get("live_sessions")
			.asLong();
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + adminJwt);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(before).as("admin's, at least").isPositive();
		assertThat(body.get("live_sessions").asLong()).as("alice's more").isEqualTo(before + 1);
		List<String> activeKids = new ArrayList<>();
		for (JsonNode key : body.get("signing_keys")) {
			assertThat(key.get("kid").asString()).isNotEmpty();
			assertThat(key.get("alg").asString()).isEqualTo("RS256");
			assertThat(key.get("state").asString()).isIn("active", "published", "retired");
			assertThat(fieldNames(key)).doesNotContainAnyElementsOf(PRIVATE_JWK_MEMBERS);
			if (key.get("state").asString().equals("active")) {
				activeKids.add(key.get("kid").asString());
				assertThat(key.get("activates_at").asString()).as("a database key has dates").endsWith("Z");
			}
		}
		assertThat(activeKids).as("the key of the admin's JWT signs").containsExactly(kid(adminJwt));
		assertThat(allFieldNames(body)).doesNotContainAnyElementsOf(PRIVATE_JWK_MEMBERS);
		assertThat(response.body()).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN");
		JsonNode feed = body.get("revocation_feed");
		assertThat(feed.get("enabled").asBoolean()).isTrue();
		assertThat(feed.get("silent").asBoolean()).isFalse();
		assertThat(feed.get("listener").asString()).isEqualTo(expectedListener());
		assertThat(feed.get("lag_seconds").asDouble()).isBetween(0.0, 2.0);
		assertThat(feed.get("last_read_at").asString()).endsWith("Z");
		assertThat(feed.get("view_size").isNumber()).isTrue();
	}

	@Test
	void onlyAnAdminReadsTheEndpoint() {
		String aliceJwt = this.http.login("alice", "alice-password").get("session_jwt").asString();
		String adminJwt = this.http.login("admin", "admin-password").get("session_jwt").asString();

		assertThat(this.http.get("/actuator/hybridauth").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + aliceJwt).statusCode())
			.isEqualTo(403);
		assertThat(this.http.get("/actuator/hybridauth/alice", "Authorization", "Bearer " + aliceJwt).statusCode())
			.isEqualTo(403);
		assertThat(this.http.delete("/actuator/hybridauth/alice", "Authorization", "Bearer " + aliceJwt).statusCode())
			.isEqualTo(403);
		assertThat(this.sessions.findLiveSessions("alice")).as("alice's DELETE revoked nothing").hasSize(1);
		assertThat(this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + adminJwt).statusCode())
			.as("positive control")
			.isEqualTo(200);
	}

	@Test
	void adminListsAUsersLiveSessionsWithTheContractsFieldsAndNoToken() {
		String adminJwt = this.http.login("admin", "admin-password").get("session_jwt").asString();
		JsonNode first = this.http.login("alice", "alice-password");
		this.clock.advance(Duration.ofSeconds(1));
		JsonNode second = this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get("/actuator/hybridauth/alice", "Authorization",
				"Bearer " + adminJwt);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("user_id").asString()).isEqualTo("alice");
		assertThat(body.get("sessions")).hasSize(2);
		assertThat(body.get("sessions").get(0).get("session_id").asString()).as("newest first")
			.isEqualTo(sessionId(second));
		assertThat(body.get("sessions").get(1).get("session_id").asString()).isEqualTo(sessionId(first));
		for (JsonNode session : body.get("sessions")) {
			assertThat(fieldNames(session)).isEqualTo(new TreeSet<>(SESSION_FIELDS));
			assertThat(session.get("user_id").asString()).isEqualTo("alice");
		}
		assertThat(response.body()).doesNotContain(first.get("session_token").asString())
			.doesNotContain(second.get("session_token").asString())
			.doesNotContain(first.get("session_jwt").asString())
			.doesNotContain("token");
		JsonNode nobody = json(this.http.get("/actuator/hybridauth/nobody", "Authorization", "Bearer " + adminJwt));
		assertThat(nobody.get("sessions")).isEmpty();
	}

	@Test
	void adminRevokesOneSessionThenAllAndTheRevokedCredentialsAnswer401() {
		String adminJwt = this.http.login("admin", "admin-password").get("session_jwt").asString();
		JsonNode first = this.http.login("alice", "alice-password");
		JsonNode second = this.http.login("alice", "alice-password");
		assertThat(helloWith(token(first))).as("positive control").isEqualTo(200);
		assertThat(helloWith(first.get("session_jwt").asString())).as("positive control").isEqualTo(200);

		HttpResponse<String> otherUsers = this.http.delete("/actuator/hybridauth/admin/" + sessionId(first),
				"Authorization", "Bearer " + adminJwt);
		assertThat(otherUsers.statusCode()).isEqualTo(200);
		assertThat(json(otherUsers).get("revoked").asInt()).as("alice's session under another user").isZero();
		assertThat(helloWith(token(first))).isEqualTo(200);

		HttpResponse<String> one = this.http.delete("/actuator/hybridauth/alice/" + sessionId(first), "Authorization",
				"Bearer " + adminJwt);
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(json(one).get("revoked").asInt()).isEqualTo(1);
		assertThat(helloWith(token(first))).isEqualTo(401);
		assertThat(helloWith(first.get("session_jwt").asString())).as("the JWT too, through the revocation view")
			.isEqualTo(401);
		assertThat(helloWith(token(second))).as("the other session lives").isEqualTo(200);
		assertThat(json(this.http.delete("/actuator/hybridauth/alice/" + sessionId(first), "Authorization",
				"Bearer " + adminJwt))
			.get("revoked")
			.asInt()).as("already revoked").isZero();

		HttpResponse<String> all = this.http.delete("/actuator/hybridauth/alice", "Authorization",
				"Bearer " + adminJwt);
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(json(all).get("revoked").asInt()).isEqualTo(1);
		assertThat(helloWith(token(second))).isEqualTo(401);
		assertThat(helloWith(second.get("session_jwt").asString())).isEqualTo(401);
		assertThat(helloWith(adminJwt)).as("the admin's own session lives").isEqualTo(200);
		assertThat(this.events.of(HybridSessionRevokedEvent.class))
			.extracting(HybridSessionRevokedEvent::sessionId, HybridSessionRevokedEvent::reason)
			.containsExactly(tuple(sessionId(first), RevocationReason.APPLICATION),
					tuple(sessionId(second), RevocationReason.APPLICATION));
	}

	@Test
	void aDeleteWithTheSessionCookieNeedsTheCsrfTokenAndWithABearerCredentialNot() {
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"admin\",\"password\":\"admin-password\"}");
		String cookies = cookie(login, "hybrid_session") + "; " + cookie(login, "hybrid_session_jwt");
		this.http.login("alice", "alice-password");

		HttpResponse<String> withoutToken = this.http.delete("/actuator/hybridauth/alice", "Cookie", cookies);
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(this.sessions.findLiveSessions("alice")).as("nothing revoked").hasSize(1);

		HttpClientSupport.Csrf csrf = this.http.csrf("Cookie", cookies);
		HttpResponse<String> withToken = this.http.delete("/actuator/hybridauth/alice", "Cookie",
				cookies + "; " + csrf.cookie(), csrf.headerName(), csrf.token());
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(json(withToken).get("revoked").asInt()).isEqualTo(1);

		JsonNode again = this.http.login("alice", "alice-password");
		String adminToken = token(json(login));
		HttpResponse<String> bearer = this.http.delete("/actuator/hybridauth/alice", "Authorization",
				"Bearer " + adminToken);
		assertThat(bearer.statusCode()).isEqualTo(200);
		assertThat(json(bearer).get("revoked").asInt()).isEqualTo(1);
		assertThat(helloWith(token(again))).isEqualTo(401);
	}

	@Test
	void healthIsUpThenOutOfServiceWhileTheFeedIsSilentThenDownWhileTheStoreFails() {
		String adminJwt = this.http.login("admin", "admin-password").get("session_jwt").asString();

		JsonNode up = health(adminJwt, 200);
		assertThat(up.get("status").asString()).isEqualTo("UP");
		assertThat(up.get("details").get("sessionStore").asString()).isEqualTo("UP");
		assertThat(up.get("details").get("revocationFeed").asString()).isEqualTo("current");
		assertThat(up.get("details").get("signingKey").asString()).isEqualTo(kid(adminJwt));
		assertThat(up.get("details").has("reason")).isFalse();

		this.feed.stop();
		this.clock.advance(Duration.ofSeconds(3));
		JsonNode silent = health(adminJwt, 503);
		assertThat(silent.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
		assertThat(silent.get("details").get("revocationFeed").asString()).isEqualTo("silent");
		assertThat(silent.get("details").get("reason").asString()).contains("revocation feed is silent");
		assertThat(json(this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + adminJwt))
			.get("revocation_feed")
			.get("silent")
			.asBoolean()).isTrue();

		this.feed.start();
		assertThat(health(adminJwt, 200).get("status").asString()).as("the feed reads again").isEqualTo("UP");

		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("alter table hybrid_auth_session rename to hybrid_auth_session_away");
		try {
			JsonNode down = health(adminJwt, 503);
			assertThat(down.get("status").asString()).isEqualTo("DOWN");
			assertThat(down.get("details").get("sessionStore").asString()).isEqualTo("DOWN");
			assertThat(down.get("details").get("reason").asString()).contains("session store does not answer")
				.doesNotContainIgnoringCase("select");
			HttpResponse<String> summary = this.http.get("/actuator/hybridauth", "Authorization", "Bearer " + adminJwt);
			assertThat(summary.statusCode()).as("the summary answers without the count").isEqualTo(200);
			assertThat(json(summary).get("live_sessions").isNull()).isTrue();
			for (HttpResponse<String> unavailable : List.of(
					this.http.get("/actuator/hybridauth/alice", "Authorization", "Bearer " + adminJwt),
					this.http.delete("/actuator/hybridauth/alice", "Authorization", "Bearer " + adminJwt),
					this.http.delete("/actuator/hybridauth/alice/" + "a".repeat(22), "Authorization",
							"Bearer " + adminJwt))) {
				assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
				assertThat(unavailable.headers().firstValue("Retry-After")).contains("5");
				assertThat(unavailable.headers().firstValue("Content-Type")).contains("application/problem+json");
				assertThat(json(unavailable).get("status").asInt()).isEqualTo(503);
				assertThat(unavailable.body()).doesNotContainIgnoringCase("select")
					.doesNotContain("hybrid_auth_session");
			}
		}
		finally {
			jdbc.execute("alter table hybrid_auth_session_away rename to hybrid_auth_session");
		}
		assertThat(health(adminJwt, 200).get("status").asString()).as("the store answers again").isEqualTo("UP");
		assertThat(this.http.get("/actuator/hybridauth/alice", "Authorization", "Bearer " + adminJwt).statusCode())
			.as("positive control")
			.isEqualTo(200);
	}

	private JsonNode health(String jwt, int expectedStatus) {
		HttpResponse<String> response = this.http.get("/actuator/health/hybridAuth", "Authorization", "Bearer " + jwt);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return json(response);
	}

	private int helloWith(String credential) {
		return this.http.get("/api/hello", "Authorization", "Bearer " + credential).statusCode();
	}

	private static String token(JsonNode login) {
		return login.get("session_token").asString();
	}

	private static String sessionId(JsonNode login) {
		return login.get("session").get("session_id").asString();
	}

	private static String kid(String jwt) {
		String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
		return JsonMapper.builder().build().readTree(header).get("kid").asString();
	}

	private static String cookie(HttpResponse<String> response, String name) {
		String cookie = setCookie(response, name).orElseThrow();
		return cookie.substring(0, cookie.indexOf(';'));
	}

	private static Set<String> fieldNames(JsonNode node) {
		return new TreeSet<>(node.propertyNames());
	}

	private static Set<String> allFieldNames(JsonNode node) {
		Set<String> names = new TreeSet<>();
		if (node.isObject()) {
			for (String name : node.propertyNames()) {
				names.add(name);
				names.addAll(allFieldNames(node.get(name)));
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node) {
				names.addAll(allFieldNames(element));
			}
		}
		return names;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AdminOnlyActuator {

		@Bean
		SecurityFilterChain adminOnlyActuator(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated());
			http.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
			return http.build();
		}

	}

}
