package dev.hybridauth.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.hybridauth.session.SessionCleanups;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.TransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * SECURITY.md item 28, with a PostgreSQL of its own that the test stops and starts again:
 * while the database is down, JWT-authenticated ordinary routes keep working and
 * everything that needs the store answers 503 with Retry-After; when it is back,
 * everything works again, with no session lost. Issue 13 adds the same under mixed
 * traffic from several threads, with the feed and the cleanup, and a lock held on the
 * sessions table while more requests than the pool has connections need the store. Each
 * test prints its requests' statuses and latencies by phase.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500", "spring.datasource.hikari.maximum-pool-size=6",
				"hybrid-auth.session.statement-timeout=1s", "hybrid-auth.cleanup.interval=1h",
				"hybrid-auth.cleanup.retention=0s" })
class DatabaseOutageTests {

	private static final Path dataDirectory;

	private static final int databasePort;

	private static EmbeddedPostgres database;

	static {
		try {
			dataDirectory = Files.createTempDirectory("hybrid-auth-outage");
			try (ServerSocket socket = new ServerSocket(0)) {
				databasePort = socket.getLocalPort();
			}
			database = start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final long CONNECTION_TIMEOUT_MILLIS = 1000;

	private static final long STATEMENT_TIMEOUT_MILLIS = 1000;

	private static final int POOL_SIZE = 6;

	// request, response, and a shared CPU
	private static final long MARGIN_MILLIS = 1000;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> database.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		registry.add("hybrid-auth.session.initialize-schema", () -> "always");
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		database.close();
	}

	@Test
	void jwtRoutesSurviveAnOutageAndEverythingRecoversWhenTheDatabaseReturns() throws Exception {
		HttpClientSupport http = new HttpClientSupport(this.port);
		JsonNode login = http.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		String token = login.get("session_token").asString();

		database.close();
		try {
			assertThat(http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
			for (HttpResponse<String> response : java.util.List.of(
					http.get("/api/hello", "Authorization", "Bearer " + token),
					http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt),
					http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}"),
					http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token))) {
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.body()).doesNotContain("Exception", "SQL", "jdbc", token);
			}
		}
		finally {
			database = start();
		}

		int status = 0;
		for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
			status = http.get("/api/hello", "Authorization", "Bearer " + token).statusCode();
			if (status != 200) {
				Thread.sleep(500);
			}
		}
		assertThat(status).as("the session from before the outage").isEqualTo(200);
		assertThat(http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(200);
	}

	/**
	 * Issue 13: mixed traffic from several threads while the database stops and starts
	 * again. Each request is classed by the phase in which it was sent.
	 */
	@Test
	void mixedTrafficThroughAnOutageAndEverythingRecoversWithoutARestart() throws Exception {
		HttpClientSupport http = new HttpClientSupport(this.port);
		this.clock.reset();
		List<JsonNode> sessions = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			sessions.add(http.login("alice", "alice-password"));
		}
		Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
		AtomicReference<String> phase = new AtomicReference<>("before");
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService drivers = Executors.newFixedThreadPool(4);
		List<Future<?>> driven = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			JsonNode session = sessions.get(t);
			int offset = t;
			driven.add(drivers.submit(() -> {
				Kind[] mix = { Kind.JWT, Kind.JWT, Kind.LOGIN, Kind.JWT, Kind.REFRESH, Kind.JWT, Kind.SENSITIVE };
				for (int n = offset; running.get(); n++) {
					outcomes.add(send(http, mix[n % mix.length], session, phase::get));
					pause(20);
				}
				return null;
			}));
		}
		try {
			awaitWhileClockFollows(Duration.ofMillis(1500));
			phase.set("stopping");
			database.close();
			phase.set("down");
			awaitWhileClockFollows(Duration.ofSeconds(4));
			assertThat(gauge("hybrid_auth.revocation.silent")).as("the feed says it is silent").isEqualTo(1);
			assertThat(gauge("hybrid_auth.revocation.listening")).as("and not listening").isZero();
			assertThatException().as("the cleanup fails while the database is down")
				.isThrownBy(() -> SessionCleanups.run(this.context))
				.isInstanceOfAny(DataAccessException.class, TransactionException.class);
		}
		finally {
			phase.set("starting");
			database = start();
			phase.set("after");
		}
		long restartedAt = System.nanoTime();
		long deadline = restartedAt + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline && !recovered(outcomes)) {
			awaitWhileClockFollows(Duration.ofMillis(200));
		}
		awaitWhileClockFollows(Duration.ofMillis(1000));
		running.set(false);
		for (Future<?> future : driven) {
			future.get(30, TimeUnit.SECONDS);
		}
		drivers.shutdown();
		report("outage under mixed traffic", outcomes);
		List<Outcome> storeAfter = outcomes.stream()
			.filter((o) -> o.kind() != Kind.JWT && o.phase().equals("after"))
			.toList();
		long lastUnavailable = storeAfter.stream()
			.filter((o) -> o.status() == 503)
			.mapToLong((o) -> o.sentAt() - restartedAt)
			.max()
			.orElse(0) / 1_000_000;
		long firstServed = storeAfter.stream()
			.filter((o) -> o.status() == 200)
			.mapToLong((o) -> o.sentAt() - restartedAt)
			.min()
			.orElse(Long.MAX_VALUE) / 1_000_000;
		System.out.printf("after the restart: the last 503 to a request sent %d ms after it, the first 200 %d ms%n",
				lastUnavailable, firstServed);
		assertThat(firstServed).as("the pool reconnects within its creator's backoff (at most 5 s in HikariCP)")
			.isLessThan(5000 + CONNECTION_TIMEOUT_MILLIS + MARGIN_MILLIS);

		List<Outcome> jwt = outcomes.stream().filter((o) -> o.kind() == Kind.JWT).toList();
		assertThat(jwt.stream().filter((o) -> o.status() == 200).count() * 100)
			.as("JWT requests on ordinary routes answered 200")
			.isGreaterThanOrEqualTo(99L * jwt.size());
		for (Kind kind : List.of(Kind.LOGIN, Kind.REFRESH, Kind.SENSITIVE)) {
			List<Outcome> all = outcomes.stream().filter((o) -> o.kind() == kind).toList();
			assertThat(all).as(kind + ": only 200 or 503, never 401 or 500")
				.allMatch((o) -> o.status() == 200 || o.status() == 503);
			assertThat(all).as(kind + ": every 503 with Retry-After and problem+json")
				.filteredOn((o) -> o.status() == 503)
				.allMatch(Outcome::retryAfter)
				.allMatch(Outcome::problem);
			assertThat(inPhase(all, "before")).as(kind + " before the outage")
				.isNotEmpty()
				.allMatch((o) -> o.status() == 200);
			List<Outcome> down = inPhase(all, "down");
			assertThat(down).as(kind + " while the database is down").isNotEmpty().allMatch((o) -> o.status() == 503);
			assertThat(down).as(kind + ": the 503 within the pool's connection timeout")
				.allMatch((o) -> o.millis() < CONNECTION_TIMEOUT_MILLIS + MARGIN_MILLIS);
			assertThat(inPhase(all, "after")).as(kind + " after the database returned")
				.anyMatch((o) -> o.status() == 200);
		}

		awaitTrue(() -> gauge("hybrid_auth.revocation.listening") == 1 && gauge("hybrid_auth.revocation.silent") == 0,
				Duration.ofSeconds(15));
		assertThat(gauge("hybrid_auth.revocation.listening")).as("the feed listens again").isEqualTo(1);
		assertThat(gauge("hybrid_auth.revocation.silent")).as("and reads the log").isZero();
		assertEverySessionWorks(http, sessions);

		JsonNode ended = http.login("alice", "alice-password");
		assertThat(http.post("/auth/logout", null, "", "Authorization", "Bearer " + sessionToken(ended)).statusCode())
			.isEqualTo(204);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(SessionCleanups.run(this.context)).as("the cleanup runs again and deletes the ended session")
			.isPositive();
		assertEverySessionWorks(http, sessions);
	}

	/**
	 * Issue 13: a lock held on the sessions table while more requests that need the store
	 * arrive than the pool has connections. Each waits at most the connection timeout and
	 * then the statement timeout, and answers 503; JWT requests go on meanwhile.
	 */
	@Test
	void aLockedSessionsTableAnswers503WithinBoundsWhileJwtRequestsGoOn() throws Exception {
		HttpClientSupport http = new HttpClientSupport(this.port);
		this.clock.reset();
		JsonNode session = http.login("alice", "alice-password");
		List<JsonNode> sessions = List.of(session);
		for (Kind kind : Kind.values()) {
			assertThat(send(http, kind, session, () -> "control").status()).as("positive control: " + kind)
				.isEqualTo(200);
		}
		Kind[] storeKinds = { Kind.SESSION_TOKEN, Kind.REFRESH, Kind.SENSITIVE, Kind.LOGIN };
		int storeRequests = 2 * POOL_SIZE + storeKinds.length;
		Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(storeRequests + 1);
		try (Connection locker = DriverManager.getConnection(database.getJdbcUrl("postgres", "postgres"), "postgres",
				"postgres")) {
			locker.setAutoCommit(false);
			try (Statement statement = locker.createStatement()) {
				statement.execute("lock table hybrid_auth_session in access exclusive mode");
			}
			AtomicBoolean locked = new AtomicBoolean(true);
			Future<?> jwtTraffic = threads.submit(() -> {
				while (locked.get()) {
					outcomes.add(send(http, Kind.JWT, session, () -> "locked"));
					pause(10);
				}
				return null;
			});
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Outcome>> store = new ArrayList<>();
			for (int i = 0; i < storeRequests; i++) {
				Kind kind = storeKinds[i % storeKinds.length];
				store.add(threads.submit(() -> {
					go.await();
					return send(http, kind, session, () -> "locked");
				}));
			}
			go.countDown();
			for (Future<Outcome> future : store) {
				// a request that would wait forever fails the test instead of hanging it
				outcomes.add(future.get(CONNECTION_TIMEOUT_MILLIS + STATEMENT_TIMEOUT_MILLIS + 10_000,
						TimeUnit.MILLISECONDS));
			}
			locked.set(false);
			jwtTraffic.get(10, TimeUnit.SECONDS);
			locker.rollback();
		}
		finally {
			threads.shutdownNow();
		}
		report("sessions table locked, " + storeRequests + " store requests on a pool of " + POOL_SIZE, outcomes);

		List<Outcome> stored = outcomes.stream().filter((o) -> o.kind() != Kind.JWT).toList();
		assertThat(stored).hasSize(storeRequests);
		assertThat(stored).as("every request that needs the store answers 503 with Retry-After and problem+json")
			.allMatch((o) -> o.status() == 503)
			.allMatch(Outcome::retryAfter)
			.allMatch(Outcome::problem);
		assertThat(stored).as("within the connection timeout and the statement timeout")
			.filteredOn((o) -> o.kind() != Kind.LOGIN)
			.allMatch((o) -> o.millis() < CONNECTION_TIMEOUT_MILLIS + STATEMENT_TIMEOUT_MILLIS + MARGIN_MILLIS);
		assertThat(stored).as("a login waits for a connection twice: the throttle, then the session")
			.filteredOn((o) -> o.kind() == Kind.LOGIN)
			.allMatch((o) -> o.millis() < 2 * CONNECTION_TIMEOUT_MILLIS + STATEMENT_TIMEOUT_MILLIS + MARGIN_MILLIS);
		List<Outcome> jwt = outcomes.stream().filter((o) -> o.kind() == Kind.JWT).toList();
		assertThat(jwt).as("JWT requests went on while the store requests waited").isNotEmpty();
		assertThat(jwt).as("and all answered 200, none stuck behind the lock")
			.allMatch((o) -> o.status() == 200)
			.allMatch((o) -> o.millis() < CONNECTION_TIMEOUT_MILLIS);

		for (Kind kind : Kind.values()) {
			assertThat(send(http, kind, session, () -> "released").status()).as("after the lock is released: " + kind)
				.isEqualTo(200);
		}
		assertEverySessionWorks(http, sessions);
	}

	/**
	 * Sends one request and classes it by the phase in which it was sent and answered: a
	 * request that spans two phases (sent while the database was down, answered once it
	 * was back) is in neither.
	 */
	private static Outcome send(HttpClientSupport http, Kind kind, JsonNode session, Supplier<String> phase) {
		String sentIn = phase.get();
		String jwt = session.get("session_jwt").asString();
		String token = sessionToken(session);
		long started = System.nanoTime();
		HttpResponse<String> response = switch (kind) {
			case JWT -> http.get("/api/hello", "Authorization", "Bearer " + jwt);
			case SESSION_TOKEN -> http.get("/api/hello", "Authorization", "Bearer " + token);
			case LOGIN -> http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
			case REFRESH -> http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);
			case SENSITIVE -> http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt);
		};
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		String answeredIn = phase.get();
		return new Outcome(kind, (sentIn.equals(answeredIn) ? sentIn : sentIn + "-" + answeredIn), started,
				response.statusCode(), millis,
				response.headers().firstValue("Retry-After").filter("5"::equals).isPresent(),
				response.headers()
					.firstValue("Content-Type")
					.filter((type) -> type.startsWith("application/problem+json"))
					.isPresent());
	}

	private static boolean recovered(Queue<Outcome> outcomes) {
		return List.of(Kind.LOGIN, Kind.REFRESH, Kind.SENSITIVE)
			.stream()
			.allMatch((kind) -> outcomes.stream()
				.anyMatch((o) -> o.kind() == kind && o.phase().equals("after") && o.status() == 200));
	}

	private static void assertEverySessionWorks(HttpClientSupport http, List<JsonNode> sessions) {
		for (JsonNode session : sessions) {
			assertThat(http.get("/api/hello", "Authorization", "Bearer " + sessionToken(session)).statusCode())
				.as("a session from before")
				.isEqualTo(200);
		}
	}

	private static String sessionToken(JsonNode session) {
		return session.get("session_token").asString();
	}

	private static List<Outcome> inPhase(List<Outcome> outcomes, String phase) {
		return outcomes.stream().filter((o) -> o.phase().equals(phase)).toList();
	}

	private static void report(String title, Queue<Outcome> outcomes) {
		StringBuilder report = new StringBuilder(title).append(System.lineSeparator());
		Map<String, List<Outcome>> groups = new TreeMap<>();
		outcomes.forEach((o) -> groups.computeIfAbsent(o.phase() + " " + o.kind(), (key) -> new ArrayList<>()).add(o));
		groups.forEach((group, list) -> {
			Map<Integer, Long> statuses = new TreeMap<>();
			list.forEach((o) -> statuses.merge(o.status(), 1L, Long::sum));
			long[] millis = list.stream().mapToLong(Outcome::millis).sorted().toArray();
			report.append(String.format("  %-20s %s  p50 %d ms  p99 %d ms  max %d ms%n", group, statuses,
					millis[millis.length / 2], millis[(int) Math.min(millis.length - 1, millis.length * 99L / 100)],
					millis[millis.length - 1]));
		});
		System.out.print(report);
	}

	private void awaitWhileClockFollows(Duration duration) throws InterruptedException {
		long until = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < until) {
			// the context's clock follows the wall clock, by which the feed is silent
			this.clock.reset();
			Thread.sleep(50);
		}
	}

	private void awaitTrue(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.get() && System.nanoTime() < deadline) {
			this.clock.reset();
			Thread.sleep(50);
		}
	}

	private double gauge(String name) {
		return this.meterRegistry.get(name).gauge().value();
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static EmbeddedPostgres start() throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(databasePort)
			.start();
	}

	enum Kind {

		JWT, SESSION_TOKEN, LOGIN, REFRESH, SENSITIVE

	}

	record Outcome(Kind kind, String phase, long sentAt, int status, long millis, boolean retryAfter, boolean problem) {

	}

}
