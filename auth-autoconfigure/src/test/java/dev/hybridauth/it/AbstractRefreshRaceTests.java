package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.StartedSession;
import dev.hybridauth.token.SessionJwtVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshes that race each other, and refreshes that race a revocation of every session
 * of their user, over real HTTP on real threads, round after round. Runs once per
 * database.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractRefreshRaceTests {

	private static final int REFRESH_ROUNDS = 20;

	private static final int CONCURRENT_REFRESHES = 50;

	private static final int REVOKE_ALL_ROUNDS = 25;

	private static final int SESSIONS_PER_ROUND = 4;

	private static final int REFRESHERS_PER_SESSION = 6;

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

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.clock.reset();
		this.http = new HttpClientSupport(this.port);
		this.sessions.revokeAll("alice", RevocationReason.APPLICATION);
		this.sessions.revokeAll("admin", RevocationReason.APPLICATION);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	/**
	 * Fifty refreshes of one session at once, while the clock moves: each answers
	 * {@code 200} with a JWT of that session, and the row only ever moves forward, to the
	 * latest refresh. (Most of them reuse the JWT of a refresh within the reuse window;
	 * {@code AbstractRefreshCoalescingTests} counts the signatures.)
	 */
	@Test
	void fiftyConcurrentRefreshesOfOneSessionAllSucceedAndTheRowOnlyMovesForward() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		Map<Integer, Integer> statuses = new TreeMap<>();
		AtomicBoolean ticking = new AtomicBoolean(true);
		Thread ticker = new Thread(() -> {
			while (ticking.get()) {
				this.clock.advance(Duration.ofMillis(1));
				LockSupport.parkNanos(200_000);
			}
		});
		ticker.start();
		try {
			for (int round = 0; round < REFRESH_ROUNDS; round++) {
				StartedSession started = start("alice");
				String sessionId = started.session().sessionId();
				Row before = row(jdbc, sessionId);
				RowMonitor monitor = new RowMonitor(jdbc, sessionId);
				monitor.start();
				List<HttpResponse<String>> answers;
				try {
					answers = StartGate.race(CONCURRENT_REFRESHES, (i) -> this.http.post("/auth/refresh", null, "",
							"Authorization", "Bearer " + started.sessionToken()));
				}
				finally {
					monitor.stop();
				}
				Row after = row(jdbc, sessionId);

				Instant latestAccess = before.lastAccessedAt();
				Instant latestExpiry = before.idleExpiresAt();
				for (HttpResponse<String> answer : answers) {
					statuses.merge(answer.statusCode(), 1, Integer::sum);
					assertThat(answer.statusCode()).as("round %d: %s", round, answer.body()).isEqualTo(200);
					JsonNode body = HttpClientSupport.json(answer);
					SessionJwtClaims claims = this.verifier.verify(body.get("session_jwt").asString());
					assertThat(claims.sessionId()).as("round %d: the JWT is the session's", round).isEqualTo(sessionId);
					assertThat(claims.subject()).isEqualTo("alice");
					assertThat(body.get("session").get("session_id").asString()).isEqualTo(sessionId);
					assertThat(hello(body.get("session_jwt").asString()))
						.as("round %d: the JWT is served on an ordinary route", round)
						.isEqualTo(200);
					latestAccess = latest(latestAccess,
							Instant.parse(body.get("session").get("last_accessed_at").asString()));
					latestExpiry = latest(latestExpiry,
							Instant.parse(body.get("session").get("expires_at").asString()));
				}
				assertThat(monitor.backwards()).as("round %d: the row never moved backwards", round).isEmpty();
				assertThat(monitor.samples()).as("round %d: the row was watched during the race", round).isPositive();
				assertThat(after.lastAccessedAt()).as("round %d: the last access is the latest refresh's", round)
					.isEqualTo(latestAccess)
					.isAfter(before.lastAccessedAt());
				assertThat(after.idleExpiresAt()).as("round %d: the idle expiry is the latest refresh's", round)
					.isEqualTo(latestExpiry)
					.isAfter(before.idleExpiresAt());
				assertThat(after.withoutAccess()).as("round %d: nothing else of the row changed", round)
					.isEqualTo(before.withoutAccess());
				assertThat(this.sessions.findLive(sessionId)).as("round %d: the session lives on", round).isPresent();
			}
		}
		finally {
			ticking.set(false);
			ticker.join();
		}
		System.out.printf("%d rounds of %d concurrent refreshes of one session: statuses %s%n", REFRESH_ROUNDS,
				CONCURRENT_REFRESHES, statuses);
	}

	/**
	 * A logout of every device while the user's sessions are being refreshed: once it has
	 * returned, no refresh succeeds, and no JWT that the refreshes handed out passes a
	 * sensitive route or an ordinary one; no refresh fails otherwise than with
	 * {@code 401}.
	 */
	@Test
	void noRefreshSucceedsAndNoJwtPassesASensitiveRouteOnceRevokeAllHasReturned() throws Exception {
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		int refusedAfterwards = 0;
		int refreshedBefore = 0;
		for (int round = 0; round < REVOKE_ALL_ROUNDS; round++) {
			List<StartedSession> started = new ArrayList<>();
			for (int i = 0; i < SESSIONS_PER_ROUND; i++) {
				started.add(start("alice"));
			}
			StartedSession bystander = start("admin");
			AtomicLong revokedAt = new AtomicLong(Long.MAX_VALUE);
			List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
			int refreshers = SESSIONS_PER_ROUND * REFRESHERS_PER_SESSION;
			StartGate.race(refreshers + 1, (index) -> {
				if (index == refreshers) {
					LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000, 30_000_000));
					HttpResponse<String> loggedOut = this.http.post("/auth/logout-all", null, "", "Authorization",
							"Bearer " + started.get(0).sessionToken());
					revokedAt.set(System.nanoTime());
					assertThat(loggedOut.statusCode()).as(loggedOut.body()).isEqualTo(204);
					return null;
				}
				String token = started.get(index % SESSIONS_PER_ROUND).sessionToken();
				// refresh until two refreshes have started after the revocation returned
				int afterwards = 0;
				while (afterwards < 2) {
					long sentAt = System.nanoTime();
					HttpResponse<String> answer = this.http.post("/auth/refresh", null, "", "Authorization",
							"Bearer " + token);
					attempts.add(new Attempt(sentAt, answer));
					if (sentAt > revokedAt.get()) {
						afterwards++;
					}
				}
				return null;
			});

			List<String> jwts = new ArrayList<>();
			for (Attempt attempt : attempts) {
				HttpResponse<String> answer = attempt.answer();
				statuses.merge(answer.statusCode(), 1, Integer::sum);
				assertThat(answer.statusCode()).as("round %d: %s", round, answer.body()).isIn(200, 401);
				if (answer.statusCode() == 200) {
					assertThat(attempt.sentAt())
						.as("round %d: a refresh sent after revoke-all returned succeeded", round)
						.isLessThan(revokedAt.get());
					jwts.add(HttpClientSupport.json(answer).get("session_jwt").asString());
					refreshedBefore++;
				}
				else {
					assertThat(answer.headers().firstValue("WWW-Authenticate"))
						.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
					assertThat(answer.body()).contains("\"status\":401").doesNotContain("session_jwt");
					if (attempt.sentAt() > revokedAt.get()) {
						refusedAfterwards++;
					}
				}
			}
			for (String jwt : jwts) {
				assertThat(sensitive(jwt)).as("round %d: a refreshed JWT on a sensitive route", round).isEqualTo(401);
				assertThat(hello(jwt)).as("round %d: and on an ordinary route of this node", round).isEqualTo(401);
			}
			assertThat(this.sessions.findLiveSessions("alice")).as("round %d: no session of the user lives", round)
				.isEmpty();
			assertThat(sensitive(bystander.jwt().token())).as("round %d: positive control: another user's JWT", round)
				.isEqualTo(200);
		}
		System.out.printf("%d rounds of %d refreshes racing revoke-all: statuses %s%n", REVOKE_ALL_ROUNDS,
				SESSIONS_PER_ROUND * REFRESHERS_PER_SESSION, new TreeMap<>(statuses));
		assertThat(refreshedBefore).as("refreshes that won the race").isPositive();
		assertThat(refusedAfterwards).as("refreshes sent after the revocation returned")
			.isGreaterThanOrEqualTo(REVOKE_ALL_ROUNDS * SESSIONS_PER_ROUND * REFRESHERS_PER_SESSION * 2);
	}

	private StartedSession start(String user) {
		return this.sessions.start(UsernamePasswordAuthenticationToken.authenticated(user, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")), ClientInfo.UNKNOWN);
	}

	private int hello(String jwt) {
		return this.http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode();
	}

	private int sensitive(String jwt) {
		return this.http.post("/api/sensitive", null, "", "Authorization", "Bearer " + jwt).statusCode();
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Row row(JdbcTemplate jdbc, String sessionId) {
		return jdbc.queryForObject(
				"""
						select last_accessed_at, idle_expires_at, token_hash, user_id, authorities, started_at,
						absolute_expires_at, authenticated_at, revoked_at, version from hybrid_auth_session where session_id = ?""",
				(rs, n) -> new Row(instant(rs.getObject(1, OffsetDateTime.class)),
						instant(rs.getObject(2, OffsetDateTime.class)),
						List.of(rs.getString(3), rs.getString(4), rs.getString(5),
								String.valueOf(instant(rs.getObject(6, OffsetDateTime.class))),
								String.valueOf(instant(rs.getObject(7, OffsetDateTime.class))),
								String.valueOf(instant(rs.getObject(8, OffsetDateTime.class))),
								String.valueOf(rs.getObject(9, OffsetDateTime.class)), "version " + rs.getLong(10))),
				sessionId);
	}

	private static Instant instant(OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * What a test reads of a session's row.
	 *
	 * @param lastAccessedAt {@code last_accessed_at}
	 * @param idleExpiresAt {@code idle_expires_at}
	 * @param withoutAccess every other column, that no refresh may change
	 */
	record Row(Instant lastAccessedAt, Instant idleExpiresAt, List<String> withoutAccess) {

	}

	/**
	 * One refresh: when the test sent it, and its answer.
	 *
	 * @param sentAt {@link System#nanoTime()} before it was sent
	 * @param answer the answer
	 */
	record Attempt(long sentAt, HttpResponse<String> answer) {

	}

	/**
	 * Reads a session's row over and over while a race runs, and notes every read in
	 * which its last access or idle expiry was earlier than in the read before.
	 */
	static final class RowMonitor {

		private final JdbcTemplate jdbc;

		private final String sessionId;

		private final List<String> backwards = Collections.synchronizedList(new ArrayList<>());

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong samples = new AtomicLong();

		private final Thread thread;

		RowMonitor(JdbcTemplate jdbc, String sessionId) {
			this.jdbc = jdbc;
			this.sessionId = sessionId;
			this.thread = new Thread(this::watch);
		}

		// returns once the row has been read in the loop: a race of refreshes that reuse
		// one refresh can be over before a thread just started has read anything
		void start() {
			this.thread.start();
			while (this.samples.get() == 0 && this.thread.isAlive()) {
				Thread.onSpinWait();
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
		}

		List<String> backwards() {
			return this.backwards;
		}

		long samples() {
			return this.samples.get();
		}

		private void watch() {
			Row previous = row(this.jdbc, this.sessionId);
			while (this.running.get()) {
				Row current = row(this.jdbc, this.sessionId);
				this.samples.incrementAndGet();
				if (current.lastAccessedAt().isBefore(previous.lastAccessedAt())
						|| current.idleExpiresAt().isBefore(previous.idleExpiresAt())) {
					this.backwards.add(previous + " then " + current);
				}
				previous = current;
				LockSupport.parkNanos(200_000);
			}
		}

	}

}
