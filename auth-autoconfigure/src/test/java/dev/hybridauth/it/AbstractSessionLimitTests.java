package dev.hybridauth.it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.session.StoredSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hybrid-auth.session.max-per-user} holds under many parallel logins. Runs once
 * per database. As many password checks may run at once as the test has threads: with the
 * default (twice the processors) a small machine would answer some of the parallel logins
 * {@code 503} (busy), which is the concurrency bound at work, not this test's subject.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hybrid-auth.session.max-per-user=3", "hybrid-auth.login.max-concurrent-checks=8" })
abstract class AbstractSessionLimitTests {

	private static final int PARALLEL_LOGINS = 24;

	@LocalServerPort
	int port;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	SessionStore store;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void setUp() {
		this.clock.reset();
		this.sessions.revokeAll("alice", RevocationReason.APPLICATION);
		this.sessions.revokeAll("limited", RevocationReason.APPLICATION);
	}

	@Test
	void parallelLoginsEvictTheOldestAndNeverExceedTheLimit() throws Exception {
		List<Integer> statuses = inParallel(() -> new HttpClientSupport(this.port)
			.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
			.statusCode());

		assertThat(statuses).containsOnly(200);
		assertThat(this.sessions.findLiveSessions("alice")).hasSize(3);
	}

	@Test
	void refusePolicyAdmitsExactlyTheLimitUnderParallelLogins() throws Exception {
		List<Integer> outcomes = inParallel(() -> {
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
			String id = UUID.randomUUID().toString().replace("-", "");
			StoredSession session = StoredSession.started(id, id + id, "limited", List.of("ROLE_USER"), now,
					now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofHours(8)), null, null);
			try {
				this.store.insert(session, 3, SessionLimitPolicy.REFUSE);
				return 1;
			}
			catch (SessionLimitExceededException ex) {
				return 0;
			}
		});

		assertThat(outcomes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
		assertThat(this.sessions.findLiveSessions("limited")).hasSize(3);
	}

	private static List<Integer> inParallel(Callable<Integer> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int i = 0; i < PARALLEL_LOGINS; i++) {
				tasks.add(task);
			}
			List<Integer> results = new ArrayList<>();
			for (Future<Integer> result : pool.invokeAll(tasks)) {
				results.add(result.get());
			}
			return results;
		}
		finally {
			pool.shutdown();
		}
	}

}
