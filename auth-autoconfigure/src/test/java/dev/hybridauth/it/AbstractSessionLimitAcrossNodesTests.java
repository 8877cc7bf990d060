package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hybrid-auth.session.max-per-user} holds across two nodes on one database: round
 * after round, fifty logins of one user, half on each node, let go together; with either
 * limit policy the user never has more live sessions than the limit, as a thread that
 * counts them in the database during the race sees. Runs once per database. The user's
 * password is stored in clear ({@code {noop}}), so that the rounds measure the session
 * limit rather than bcrypt; as many password checks may run at once as there are logins.
 */
abstract class AbstractSessionLimitAcrossNodesTests {

	private static final int LIMIT = 3;

	private static final int ROUNDS = 6;

	private static final int LOGINS = 50;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final String username = "limit-" + UUID.randomUUID().toString().substring(0, 8);

	private final String login = "{\"username\":\"" + this.username + "\",\"password\":\"limit-password\"}";

	/**
	 * @return the JDBC URL of the database the nodes share
	 */
	abstract String jdbcUrl();

	/**
	 * @return the properties that connect a node to that database
	 */
	abstract List<String> databaseProperties();

	/**
	 * Whether the database gives up waiting for a lock after a while: H2 does (its
	 * {@code LOCK_TIMEOUT}), so that a login that queued too long behind the others of
	 * its user for the user's lock answers {@code 503} with {@code Retry-After}, as for
	 * any store that does not answer in time; PostgreSQL waits.
	 * @return whether a login may answer {@code 503} in the race
	 */
	abstract boolean lockWaitsTimeOut();

	@BeforeEach
	void resetClock() {
		MutableClock.SHARED.reset();
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		this.nodes.clear();
		MutableClock.SHARED.reset();
	}

	@Test
	void evictOldestOnTwoNodesNeverLetsTheUserHaveMoreLiveSessionsThanTheLimit() throws Exception {
		List<HttpClientSupport> clients = startTwoNodes("evict-oldest");
		Map<Integer, Integer> statuses = new TreeMap<>();
		LiveCount live = new LiveCount(jdbc(), this.username);
		live.start();
		List<String> earlierTokens = new ArrayList<>();
		try {
			for (int round = 0; round < ROUNDS; round++) {
				// each round's sessions are newer than the last round's
				MutableClock.SHARED.advance(Duration.ofSeconds(1));
				List<HttpResponse<String>> answers = StartGate.race(LOGINS,
						(i) -> clients.get(i % 2).postJson("/auth/login", this.login));

				List<String> tokens = new ArrayList<>();
				for (HttpResponse<String> answer : answers) {
					statuses.merge(answer.statusCode(), 1, Integer::sum);
					if (answer.statusCode() == 200) {
						tokens.add(HttpClientSupport.json(answer).get("session_token").asString());
					}
					else {
						assertUnavailableWhereLockWaitsTimeOut(answer, round);
					}
				}
				assertThat(tokens).as("round %d: logins admitted", round).hasSizeGreaterThanOrEqualTo(LIMIT);
				assertThat(liveTokens(clients, tokens)).as("round %d: tokens of this round that still work", round)
					.isEqualTo(LIMIT);
				assertThat(liveTokens(clients, earlierTokens))
					.as("round %d: tokens of the round before that work", round)
					.isZero();
				assertThat(service().findLiveSessions(this.username)).as("round %d", round).hasSize(LIMIT);
				earlierTokens = tokens;
			}
		}
		finally {
			live.stop();
		}
		assertThat(live.most()).as("most live sessions seen during the races").isEqualTo(LIMIT);
		assertThat(live.samples()).as("the count was read during the races").isGreaterThan(ROUNDS);
		System.out.printf("evict-oldest, %d rounds of %d logins on two nodes: statuses %s, at most %d live%n", ROUNDS,
				LOGINS, statuses, live.most());
	}

	@Test
	void refuseOnTwoNodesAdmitsExactlyTheLimitAndRefusesTheRestWith403() throws Exception {
		List<HttpClientSupport> clients = startTwoNodes("refuse");
		Map<Integer, Integer> statuses = new TreeMap<>();
		Set<Integer> nodesThatAdmitted = new HashSet<>();
		LiveCount live = new LiveCount(jdbc(), this.username);
		live.start();
		try {
			for (int round = 0; round < ROUNDS; round++) {
				service().revokeAll(this.username, RevocationReason.APPLICATION);
				List<HttpResponse<String>> answers = StartGate.race(LOGINS,
						(i) -> clients.get(i % 2).postJson("/auth/login", this.login));

				List<String> tokens = new ArrayList<>();
				for (int i = 0; i < answers.size(); i++) {
					HttpResponse<String> answer = answers.get(i);
					statuses.merge(answer.statusCode(), 1, Integer::sum);
					if (answer.statusCode() == 200) {
						tokens.add(HttpClientSupport.json(answer).get("session_token").asString());
						nodesThatAdmitted.add(i % 2);
					}
					else if (answer.statusCode() != 403) {
						assertUnavailableWhereLockWaitsTimeOut(answer, round);
					}
					else {
						assertThat(answer.headers().firstValue("Content-Type"))
							.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
						assertThat(answer.body()).contains("Too many active sessions").doesNotContain("session_token");
					}
				}
				assertThat(tokens).as("round %d: logins admitted", round).hasSize(LIMIT);
				assertThat(liveTokens(clients, tokens)).as("round %d: and their tokens work", round).isEqualTo(LIMIT);
				assertThat(service().findLiveSessions(this.username)).as("round %d", round).hasSize(LIMIT);
			}
		}
		finally {
			live.stop();
		}
		assertThat(live.most()).as("most live sessions seen during the races").isEqualTo(LIMIT);
		assertThat(live.samples()).as("the count was read during the races").isGreaterThan(ROUNDS);
		assertThat(nodesThatAdmitted).as("both nodes admitted logins").containsExactlyInAnyOrder(0, 1);
		System.out.printf("refuse, %d rounds of %d logins on two nodes: statuses %s, at most %d live%n", ROUNDS, LOGINS,
				statuses, live.most());
	}

	private void assertUnavailableWhereLockWaitsTimeOut(HttpResponse<String> answer, int round) {
		assertThat(lockWaitsTimeOut()).as("round %d: %s", round, answer.body()).isTrue();
		assertThat(answer.statusCode()).as("round %d: %s", round, answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).isPresent();
		assertThat(answer.body()).contains("\"status\":503")
			.doesNotContain("session_token")
			.doesNotContain("Exception");
	}

	private List<HttpClientSupport> startTwoNodes(String policy) {
		List<HttpClientSupport> clients = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			List<String> properties = new ArrayList<>(List.of("server.port=0", "test.shared-clock=true",
					"spring.datasource.url=" + jdbcUrl(), "hybrid-auth.session.initialize-schema=always",
					"hybrid-auth.session.max-per-user=" + LIMIT, "hybrid-auth.session.limit-policy=" + policy,
					"hybrid-auth.login.max-concurrent-checks=" + LOGINS));
			properties.addAll(databaseProperties());
			ConfigurableApplicationContext node = new SpringApplicationBuilder(TestApplication.class)
				.properties(properties.toArray(String[]::new))
				.run();
			this.nodes.add(node);
			node.getBean(TestUsers.class)
				.createUser(User.withUsername(this.username).password("{noop}limit-password").roles("USER").build());
			clients.add(new HttpClientSupport(((WebServerApplicationContext) node).getWebServer().getPort()));
		}
		return clients;
	}

	private HybridSessionService service() {
		return this.nodes.get(0).getBean(HybridSessionService.class);
	}

	private JdbcTemplate jdbc() {
		return new JdbcTemplate(this.nodes.get(0).getBean(DataSource.class));
	}

	/**
	 * How many of the tokens authenticate a request, as a live check on either node.
	 */
	private static int liveTokens(List<HttpClientSupport> clients, List<String> tokens) {
		int live = 0;
		for (int i = 0; i < tokens.size(); i++) {
			HttpResponse<String> answer = clients.get(i % 2)
				.get("/api/hello", "Authorization", "Bearer " + tokens.get(i));
			assertThat(answer.statusCode()).isIn(200, 401);
			if (answer.statusCode() == 200) {
				live++;
			}
		}
		return live;
	}

	/**
	 * Counts the user's live sessions in the database, over and over, while the races
	 * run.
	 */
	static final class LiveCount {

		private final JdbcTemplate jdbc;

		private final String username;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger most = new AtomicInteger();

		private final AtomicInteger samples = new AtomicInteger();

		private final Thread thread;

		LiveCount(JdbcTemplate jdbc, String username) {
			this.jdbc = jdbc;
			this.username = username;
			this.thread = new Thread(this::count);
		}

		void start() {
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
		}

		int most() {
			return this.most.get();
		}

		int samples() {
			return this.samples.get();
		}

		private void count() {
			while (this.running.get()) {
				Integer live = this.jdbc.queryForObject(
						"select count(*) from hybrid_auth_session where user_id = ? and revoked_at is null",
						Integer.class, this.username);
				this.most.accumulateAndGet(live, Math::max);
				this.samples.incrementAndGet();
				// leaves the processors to the logins
				LockSupport.parkNanos(1_000_000);
			}
		}

	}

}
