package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.event.HybridSessionStartedEvent;
import dev.hybridauth.revocation.RevocationView;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sensitive routes, step-up, device management, events and metrics, over HTTP: every way
 * of ending a session makes the sensitive routes refuse its still-unexpired JWT at once.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SensitiveRouteTests {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	MutableClock clock;

	@Autowired
	InMemoryUserDetailsManager users;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	RevocationView revocations;

	@Autowired
	RecordedEvents events;

	@Autowired
	MeterRegistry meters;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		forgetRevocationsOfEarlierTests(this.clock, this.revocations, this.dataSource);
		this.http = new HttpClientSupport(this.port);
		for (String name : List.of("erin", "frank")) {
			if (this.users.userExists(name)) {
				this.users.deleteUser(name);
			}
			this.sessions.revokeAll(name, RevocationReason.APPLICATION);
		}
		this.users.createUser(
				User.withUsername("erin").password(this.passwordEncoder.encode("erin-password")).roles("USER").build());
		this.users.createUser(User.withUsername("frank")
			.password(this.passwordEncoder.encode("frank-password"))
			.roles("USER", "ADMIN")
			.build());
	}

	@Test
	void jwtOnASensitiveRouteIsCheckedLiveWithOneStatement() {
		String jwt = this.http.login("erin", "erin-password").get("session_jwt").asString();

		RequestStatements.reset();
		HttpResponse<String> response = this.http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).isEqualTo(1);
	}

	@Test
	void everyRevocationReachesSensitiveRoutesAtOnce() {
		assertRevocationReachesSensitiveRoutes((login) -> this.http.post("/auth/logout", null, "", "Authorization",
				"Bearer " + login.get("session_token").asString()));
		assertRevocationReachesSensitiveRoutes((login) -> {
			String other = this.http.login("erin", "erin-password").get("session_jwt").asString();
			assertThat(this.http
				.delete("/auth/sessions/" + login.get("session").get("session_id").asString(), "Authorization",
						"Bearer " + other)
				.statusCode()).isEqualTo(204);
		});
		assertRevocationReachesSensitiveRoutes((login) -> {
			String other = this.http.login("erin", "erin-password").get("session_jwt").asString();
			assertThat(this.http.delete("/auth/sessions", "Authorization", "Bearer " + other).statusCode())
				.isEqualTo(204);
		});
		assertRevocationReachesSensitiveRoutes((login) -> {
			String other = this.http.login("erin", "erin-password").get("session_jwt").asString();
			assertThat(this.http.post("/auth/logout-all", null, "", "Authorization", "Bearer " + other).statusCode())
				.isEqualTo(204);
		});
		assertRevocationReachesSensitiveRoutes((login) -> {
			String other = this.http.login("erin", "erin-password").get("session_token").asString();
			this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername("erin")).disabled(true).build());
			assertThat(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + other).statusCode())
				.isEqualTo(401);
			this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername("erin")).disabled(false).build());
		});
	}

	private void assertRevocationReachesSensitiveRoutes(Consumer<JsonNode> revocation) {
		JsonNode login = this.http.login("erin", "erin-password");
		String jwt = login.get("session_jwt").asString();
		assertThat(this.http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt).statusCode())
			.isEqualTo(200);

		revocation.accept(login);

		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode())
			.as("the revocation view refuses the JWT on ordinary routes too, at once")
			.isEqualTo(401);
		for (HttpResponse<String> response : List.of(
				this.http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt),
				this.http.get("/api/critical", "Authorization", "Bearer " + jwt),
				this.http.get("/api/vault", "Authorization", "Bearer " + jwt),
				this.http.get("/api/by-path/report", "Authorization", "Bearer " + jwt),
				this.http.get("/auth/sessions", "Authorization", "Bearer " + jwt))) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		}
		assertThat(this.http
			.post("/auth/refresh", null, "", "Authorization", "Bearer " + login.get("session_token").asString())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void roleDowngradeAppliesOnSensitiveRoutesAtOnceAndEverywhereAfterTheNextRefresh() {
		JsonNode login = this.http.login("frank", "frank-password");
		String jwt = login.get("session_jwt").asString();
		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);

		this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername("frank")).roles("USER").build());
		this.sessions.updateAuthorities("frank", List.of("ROLE_USER"));

		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/api/admin", "Authorization", "Bearer " + jwt).statusCode())
			.as("an ordinary route until the JWT is refreshed")
			.isEqualTo(200);
		String refreshed = json(this.http.post("/auth/refresh", null, "", "Authorization",
				"Bearer " + login.get("session_token").asString()))
			.get("session_jwt")
			.asString();
		assertThat(this.http.get("/api/admin", "Authorization", "Bearer " + refreshed).statusCode()).isEqualTo(403);
	}

	@Test
	void roleUpgradeWithoutTellingHybridAuthReachesRoutesAtTheNextRefresh() {
		JsonNode login = this.http.login("erin", "erin-password");
		this.users
			.updateUser(User.withUserDetails(this.users.loadUserByUsername("erin")).roles("USER", "ADMIN").build());

		String refreshed = json(this.http.post("/auth/refresh", null, "", "Authorization",
				"Bearer " + login.get("session_token").asString()))
			.get("session_jwt")
			.asString();

		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + refreshed).statusCode())
			.isEqualTo(200);
	}

	@Test
	void stepUpDemandsARecentLoginAndReauthenticationGrantsIt() {
		JsonNode login = this.http.login("erin", "erin-password");
		String token = login.get("session_token").asString();
		assertThat(this.http.post("/api/step-up", null, "", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(6));
		HttpResponse<String> tooOld = this.http.post("/api/step-up", null, "", "Authorization", "Bearer " + token);
		assertThat(tooOld.statusCode()).isEqualTo(401);
		assertThat(tooOld.headers().firstValue("WWW-Authenticate")).hasValue(
				"Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent authentication "
						+ "is required.\", max_age=300");
		assertThat(tooOld.headers().firstValue("Content-Type")).hasValue("application/problem+json");

		String authenticatedAt = this.sessions.findLiveSessions("erin").get(0).authenticatedAt().toString();
		HttpResponse<String> wrong = this.http.postJson("/auth/reauthenticate", "{\"password\":\"nope\"}",
				"Authorization", "Bearer " + token);
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(this.sessions.findLiveSessions("erin").get(0).authenticatedAt().toString())
			.isEqualTo(authenticatedAt);

		HttpResponse<String> again = this.http.postJson("/auth/reauthenticate", "{\"password\":\"erin-password\"}",
				"Authorization", "Bearer " + token);
		assertThat(again.statusCode()).isEqualTo(200);
		JsonNode body = json(again);
		String newToken = body.get("session_token").asString();
		assertThat(newToken).isNotEqualTo(token);
		assertThat(body.get("session").get("authenticated_at").asString()).isGreaterThan(authenticatedAt);
		assertThat(setCookie(again, "hybrid_session")).isPresent();
		assertThat(this.http.post("/api/step-up", null, "", "Authorization", "Bearer " + newToken).statusCode())
			.isEqualTo(200);
		assertThat(this.http
			.post("/api/step-up", null, "", "Authorization", "Bearer " + body.get("session_jwt").asString())
			.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode())
			.as("the token before re-authentication")
			.isEqualTo(401);
	}

	@Test
	void youngTokensSkipTheLiveCheckUntilMaxTokenAge() {
		JsonNode login = this.http.login("erin", "erin-password");
		String jwt = login.get("session_jwt").asString();
		RequestStatements.reset();
		assertThat(this.http.get("/api/young-token", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).as("a young token skips the live check").isZero();
		this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());

		RequestStatements.reset();
		assertThat(this.http.get("/api/young-token", "Authorization", "Bearer " + jwt).statusCode())
			.as("the revocation view refuses the young token of a revoked session")
			.isEqualTo(401);
		assertThat(RequestStatements.count()).as("without a statement").isZero();

		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.http.get("/api/young-token", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(401);
	}

	/**
	 * Deletes the revocation log, moves the clock past every revocation the view holds,
	 * lets the view drop them, then resets the clock: tests move it back to now, and a
	 * user's not-before time recorded by an earlier test would otherwise lie ahead of the
	 * next test's logins. The log goes first, or the feed could read a row again (it
	 * reads again from the ids it skipped) and bring it back.
	 */
	static void forgetRevocationsOfEarlierTests(MutableClock clock, RevocationView revocations, DataSource dataSource) {
		new JdbcTemplate(dataSource).update("delete from hybrid_auth_revocation");
		clock.advance(Duration.ofDays(1));
		revocations.expire();
		clock.reset();
	}

	@Test
	void sensitiveRoutesNeedACredential() {
		assertThat(this.http.postJson("/api/sensitive", "{}").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/api/vault").statusCode()).isEqualTo(401);
	}

	@Test
	void devicesAreListedNewestFirstWithTheCurrentOneMarked() {
		String first = this.http.login("erin", "erin-password").get("session_jwt").asString();
		this.clock.advance(Duration.ofSeconds(5));
		JsonNode second = this.http.login("erin", "erin-password");

		JsonNode list = json(this.http.get("/auth/sessions", "Authorization", "Bearer " + first)).get("sessions");

		assertThat(list.size()).isEqualTo(2);
		assertThat(list.get(0).get("session_id").asString())
			.isEqualTo(second.get("session").get("session_id").asString());
		assertThat(list.get(0).get("current").asBoolean()).isFalse();
		assertThat(list.get(1).get("current").asBoolean()).isTrue();
		assertThat(list.get(1).has("user_agent")).isTrue();
	}

	@Test
	void anotherUsersSessionIdAnswersLikeAnUnknownOne() {
		String erin = this.http.login("erin", "erin-password").get("session_jwt").asString();
		JsonNode frank = this.http.login("frank", "frank-password");
		String franksSession = frank.get("session").get("session_id").asString();

		HttpResponse<String> others = this.http.delete("/auth/sessions/" + franksSession, "Authorization",
				"Bearer " + erin);
		HttpResponse<String> unknown = this.http.delete("/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA", "Authorization",
				"Bearer " + erin);
		HttpResponse<String> malformed = this.http.delete("/auth/sessions/'%20OR%201=1", "Authorization",
				"Bearer " + erin);

		assertThat(others.statusCode()).isEqualTo(404);
		assertThat(others.body()).isEqualTo(unknown.body()).isEqualTo(malformed.body());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(malformed.statusCode()).isEqualTo(404);
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + frank.get("session_token").asString())
			.statusCode()).as("frank's session survives").isEqualTo(200);
	}

	@Test
	void logoutAllClearsTheCookiesAndRevokesEveryDevice() {
		JsonNode one = this.http.login("erin", "erin-password");
		JsonNode two = this.http.login("erin", "erin-password");

		HttpResponse<String> response = this.http.post("/auth/logout-all", null, "", "Authorization",
				"Bearer " + one.get("session_token").asString());

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(setCookie(response, "hybrid_session"))
			.hasValueSatisfying((c) -> assertThat(c).contains("Max-Age=0"));
		assertThat(this.sessions.findLiveSessions("erin")).isEmpty();
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + two.get("session_token").asString())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void sessionEventsAndMetricsArePublished() {
		this.events.clear();
		double jwtSuccesses = this.meters.counter("hybrid_auth.authentications", "method", "jwt", "outcome", "success")
			.count();
		double liveCheckFailures = this.meters.counter("hybrid_auth.live_checks", "outcome", "failure").count();
		double logouts = this.meters.counter("hybrid_auth.revocations", "reason", "logout").count();
		double refreshes = this.meters.counter("hybrid_auth.refreshes").count();
		double started = this.meters.counter("hybrid_auth.sessions.started").count();
		JsonNode login = this.http.login("erin", "erin-password");
		this.http.get("/api/hello", "Authorization", "Bearer " + login.get("session_jwt").asString());
		this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		this.http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + login.get("session_jwt").asString());

		String sessionId = login.get("session").get("session_id").asString();
		assertThat(this.events.of(HybridSessionStartedEvent.class)).extracting((event) -> event.session().sessionId())
			.containsExactly(sessionId);
		assertThat(this.events.of(dev.hybridauth.event.HybridSessionRefreshedEvent.class)).hasSize(1);
		assertThat(this.events.of(HybridSessionRevokedEvent.class))
			.containsExactly(new HybridSessionRevokedEvent(sessionId, "erin", RevocationReason.LOGOUT));
		assertThat(this.meters.counter("hybrid_auth.authentications", "method", "jwt", "outcome", "success").count())
			.as("the JWT after the logout is refused by the revocation view, before any live check")
			.isEqualTo(jwtSuccesses + 1);
		assertThat(this.meters.counter("hybrid_auth.live_checks", "outcome", "failure").count())
			.isEqualTo(liveCheckFailures);
		assertThat(this.meters.counter("hybrid_auth.revocations", "reason", "logout").count()).isEqualTo(logouts + 1);
		assertThat(this.meters.counter("hybrid_auth.refreshes").count()).isEqualTo(refreshes + 1);
		assertThat(this.meters.counter("hybrid_auth.sessions.started").count()).isEqualTo(started + 1);
	}

}
