package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.token.SessionJwtIssuer;
import dev.hybridauth.token.SessionJwtVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh coalescing over real HTTP: refreshes of one session within
 * {@code hybrid-auth.refresh.reuse-window} (by default 10 s here, a tenth of the 5 min
 * JWT lifetime being longer) hand out one JWT, signed once, and write the session once; a
 * client that sends only the session cookie costs one signature per window; nothing
 * revoked, re-authenticated or changed is served from a reused JWT. Signatures are
 * counted by a wrapper of the application's {@link SessionJwtIssuer}. Runs once per
 * database.
 */
@SpringBootTest(classes = { TestApplication.class, AbstractRefreshCoalescingTests.CountingIssuer.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractRefreshCoalescingTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final int CONCURRENT_REFRESHES = 50;

	@LocalServerPort
	int port;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	SessionJwtVerifier verifier;

	@Autowired
	MutableClock clock;

	@Autowired
	DataSource dataSource;

	@Autowired
	TestUsers users;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	MeterRegistry meters;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.clock.reset();
		this.http = new HttpClientSupport(this.port);
		if (!this.users.userExists("erin")) {
			this.users.createUser(erin("ROLE_USER"));
		}
	}

	@AfterEach
	void tearDown() {
		this.clock.reset();
		this.sessions.revokeAll("erin", RevocationReason.APPLICATION);
		this.users.updateUser(erin("ROLE_USER"));
	}

	@Test
	void fiftyConcurrentRefreshesOfOneSessionSignOnceAndWriteTheSessionOnce() throws Exception {
		JsonNode login = this.http.login("erin", "erin-password");
		String token = login.get("session_token").asString();
		String sessionId = login.get("session").get("session_id").asString();
		this.clock.advance(Duration.ofMinutes(1));
		int signaturesBefore = CountingIssuer.signatures();
		double refreshesBefore = counter("hybrid_auth.refreshes");
		double reusedBefore = counter("hybrid_auth.refreshes.reused");
		SqlRecorder.clear();

		List<HttpResponse<String>> answers = StartGate.race(CONCURRENT_REFRESHES,
				(i) -> this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token));

		Set<String> jwts = new HashSet<>();
		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			String jwt = json(answer).get("session_jwt").asString();
			assertThat(this.verifier.verify(jwt).sessionId()).isEqualTo(sessionId);
			assertThat(setCookie(answer, "hybrid_session_jwt"))
				.hasValueSatisfying((cookie) -> assertThat(cookie).startsWith("hybrid_session_jwt=" + jwt + ";"));
			jwts.add(jwt);
		}
		assertThat(jwts).as("one JWT for all").hasSize(1).doesNotContain(login.get("session_jwt").asString());
		assertThat(CountingIssuer.signatures() - signaturesBefore).as("signatures").isEqualTo(1);
		assertThat(SqlRecorder.count("update")).as("writes of the session").isEqualTo(1);
		assertThat(SqlRecorder.count("select")).as("live reads: one per refresh").isEqualTo(CONCURRENT_REFRESHES);
		assertThat(counter("hybrid_auth.refreshes") - refreshesBefore).as("refreshes that signed").isEqualTo(1);
		assertThat(counter("hybrid_auth.refreshes.reused") - reusedBefore).as("reuses")
			.isEqualTo(CONCURRENT_REFRESHES - 1);
		Set<Instant> lastAccesses = new HashSet<>();
		answers.forEach((answer) -> lastAccesses.add(lastAccessIn(answer)));
		assertThat(lastAccesses).as("one refresh in every answer").hasSize(1);
		assertThat(lastAccessedAt(sessionId)).as("the row holds that refresh")
			.isEqualTo(lastAccesses.iterator().next())
			.isAfter(Instant.parse(login.get("session").get("last_accessed_at").asString()));
		String jwt = jwts.iterator().next();
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionCookieAloneSignsAtMostOncePerWindow() {
		String sessionCookie = "hybrid_session="
				+ this.http.login("erin", "erin-password").get("session_token").asString();
		int signaturesBefore = CountingIssuer.signatures();
		Set<String> jwtCookies = new HashSet<>();

		for (int i = 0; i < 100; i++) {
			HttpResponse<String> answer = this.http.get("/api/hello", "Cookie", sessionCookie);
			assertThat(answer.statusCode()).isEqualTo(200);
			jwtCookies.add(jwtCookie(answer));
			if (i % 10 == 9) {
				this.clock.advance(Duration.ofMillis(900));
			}
		}

		assertThat(CountingIssuer.signatures() - signaturesBefore).as("signatures for 100 requests within 9 s")
			.isEqualTo(1);
		assertThat(jwtCookies).as("every answer set the same JWT cookie").hasSize(1);

		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> afterTheWindow = this.http.get("/api/hello", "Cookie", sessionCookie);
		assertThat(afterTheWindow.statusCode()).isEqualTo(200);
		assertThat(CountingIssuer.signatures() - signaturesBefore).as("positive control: the window has passed")
			.isEqualTo(2);
		assertThat(jwtCookie(afterTheWindow)).isNotIn(jwtCookies);
	}

	@Test
	void severalTabsShareOneJwtAndAnExpiredOneIsRefreshedTransparently() {
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"erin\",\"password\":\"erin-password\"}");
		String sessionCookie = cookiePair(login, "hybrid_session");
		this.clock.advance(Duration.ofMinutes(6));
		String expiredJwtCookie = cookiePair(login, "hybrid_session_jwt");
		int signaturesBefore = CountingIssuer.signatures();

		HttpResponse<String> tabOne = this.http.get("/api/hello", "Cookie", sessionCookie + "; " + expiredJwtCookie);
		HttpResponse<String> tabTwo = this.http.get("/api/hello", "Cookie", sessionCookie + "; " + expiredJwtCookie);
		HttpResponse<String> tabThree = this.http.get("/api/hello", "Cookie", sessionCookie);

		for (HttpResponse<String> tab : List.of(tabOne, tabTwo, tabThree)) {
			assertThat(tab.statusCode()).isEqualTo(200);
			assertThat(jwtCookie(tab)).isEqualTo(jwtCookie(tabOne)).isNotEqualTo(expiredJwtCookie);
		}
		assertThat(CountingIssuer.signatures() - signaturesBefore).isEqualTo(1);
		String shared = cookiePair(tabOne, "hybrid_session_jwt");
		assertThat(json(this.http.get("/auth/session", "Cookie", shared)).get("authenticated_via").asString())
			.isEqualTo("jwt");

		// the shared JWT expires: its cookie, whatever its Max-Age, refreshes again
		this.clock.advance(Duration.ofMinutes(6));
		HttpResponse<String> later = this.http.get("/api/hello", "Cookie", sessionCookie + "; " + shared);
		assertThat(later.statusCode()).isEqualTo(200);
		assertThat(cookiePair(later, "hybrid_session_jwt")).isNotEqualTo(shared);
		assertThat(CountingIssuer.signatures() - signaturesBefore).isEqualTo(2);
	}

	@Test
	void aLoggedOutSessionGetsNoReusedJwt() {
		String token = this.http.login("erin", "erin-password").get("session_token").asString();
		String first = refreshedJwt(token);
		assertThat(refreshedJwt(token)).as("positive control: a refresh within the window reuses the JWT")
			.isEqualTo(first);
		int signaturesBefore = CountingIssuer.signatures();

		assertThat(this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(204);
		HttpResponse<String> refresh = this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);

		assertThat(refresh.statusCode()).isEqualTo(401);
		assertThat(refresh.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		assertThat(refresh.body()).doesNotContain("session_jwt").doesNotContain(first);
		assertThat(CountingIssuer.signatures()).isEqualTo(signaturesBefore);
	}

	@Test
	void aSessionRevokedOnlyInTheDatabaseGetsNoReusedJwt() {
		JsonNode login = this.http.login("erin", "erin-password");
		String token = login.get("session_token").asString();
		String first = refreshedJwt(token);
		assertThat(refreshedJwt(token)).as("positive control").isEqualTo(first);

		// as another node's logout leaves it, before this node's revocation view hears of
		// it
		new JdbcTemplate(this.dataSource)
			.update("update hybrid_auth_session set revoked_at = current_timestamp, revocation_reason = 'LOGOUT' "
					+ "where session_id = ?", login.get("session").get("session_id").asString());

		HttpResponse<String> refresh = this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);
		assertThat(refresh.statusCode()).isEqualTo(401);
		assertThat(refresh.body()).doesNotContain(first);
	}

	@Test
	void aRoleChangeOrAReauthenticationIsNeverServedFromAReusedJwt() throws Exception {
		String token = this.http.login("erin", "erin-password").get("session_token").asString();
		String first = refreshedJwt(token);
		assertThat(refreshedJwt(token)).as("positive control").isEqualTo(first);

		this.users.updateUser(erin("ROLE_USER", "ROLE_ADMIN"));
		this.sessions.updateAuthorities("erin", List.of("ROLE_USER", "ROLE_ADMIN"));
		String promoted = refreshedJwt(token);
		assertThat(promoted).isNotEqualTo(first);
		assertThat(this.verifier.verify(promoted).roles()).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
		assertThat(this.http.get("/api/admin", "Authorization", "Bearer " + promoted).statusCode()).isEqualTo(200);
		assertThat(refreshedJwt(token)).as("reused again, with the new roles").isEqualTo(promoted);

		this.clock.advance(Duration.ofSeconds(2));
		HttpResponse<String> reauthenticated = this.http.postJson("/auth/reauthenticate",
				"{\"password\":\"erin-password\"}", "Authorization", "Bearer " + token);
		assertThat(reauthenticated.statusCode()).as(reauthenticated.body()).isEqualTo(200);
		String newToken = json(reauthenticated).get("session_token").asString();
		String afterStepUp = refreshedJwt(newToken);
		assertThat(afterStepUp).isNotEqualTo(promoted);
		assertThat(this.verifier.verify(afterStepUp).authenticatedAt())
			.isAfter(this.verifier.verify(promoted).authenticatedAt());
	}

	private String refreshedJwt(String token) {
		HttpResponse<String> refresh = this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);
		assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
		return json(refresh).get("session_jwt").asString();
	}

	private double counter(String name) {
		return this.meters.get(name).counter().count();
	}

	private Instant lastAccessedAt(String sessionId) {
		return new JdbcTemplate(this.dataSource).queryForObject(
				"select last_accessed_at from hybrid_auth_session where session_id = ?",
				(rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant(), sessionId);
	}

	private static Instant lastAccessIn(HttpResponse<String> answer) {
		return Instant.parse(json(answer).get("session").get("last_accessed_at").asString());
	}

	private static String jwtCookie(HttpResponse<String> response) {
		return cookiePair(response, "hybrid_session_jwt");
	}

	private static String cookiePair(HttpResponse<String> response, String name) {
		String cookie = setCookie(response, name).orElseThrow();
		return cookie.substring(0, cookie.indexOf(';'));
	}

	private User erin(String... roles) {
		return (User) User.withUsername("erin")
			.password(this.passwordEncoder.encode("erin-password"))
			.authorities(roles)
			.build();
	}

	/**
	 * Wraps the application's {@link SessionJwtIssuer} to count the JWTs it signs.
	 */
	static class CountingIssuer implements BeanPostProcessor {

		private static final AtomicInteger signatures = new AtomicInteger();

		static int signatures() {
			return signatures.get();
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof SessionJwtIssuer issuer) {
				return (SessionJwtIssuer) (HybridSession session) -> {
					SessionJwt jwt = issuer.issue(session);
					signatures.incrementAndGet();
					return jwt;
				};
			}
			return bean;
		}

	}

}
