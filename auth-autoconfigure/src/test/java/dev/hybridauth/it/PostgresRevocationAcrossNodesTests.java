package dev.hybridauth.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hybridauth.revocation.RevocationView;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AbstractRevocationAcrossNodesTests} with three nodes on one embedded PostgreSQL,
 * and what only PostgreSQL has: the notifications (LISTEN/NOTIFY) that deliver a
 * revocation without waiting for a poll, the listener's own connection, and what the feed
 * does with notifications it cannot use and with a burst of revocations.
 */
class PostgresRevocationAcrossNodesTests extends AbstractRevocationAcrossNodesTests {

	/** So long that, within a test, only a notification can deliver. */
	private static final String NO_POLLING = "hybrid-auth.revocation.poll-interval=1h";

	@Override
	String jdbcUrl() {
		return EmbeddedPostgres.jdbcUrl();
	}

	@Override
	List<String> databaseProperties() {
		return List.of("spring.datasource.username=postgres", "spring.datasource.password=postgres");
	}

	@Override
	int nodeCount() {
		return 3;
	}

	@Test
	void aNotificationDeliversWithoutAPoll() {
		HttpClientSupport d = startForTest(NO_POLLING);
		ConfigurableApplicationContext nodeD = allNodes().get(allNodes().size() - 1);
		double heard = notifications(nodeD);
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		assertThat(hello(d, jwt).statusCode()).as("positive control: the JWT works on D").isEqualTo(200);

		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());

		Duration delay = awaitRefused(d, jwt);
		assertThat(delay).as("D, which does not poll, refuses within the bound: %s", delay).isLessThan(MAX_DELAY);
		assertRevoked(hello(d, jwt), "D");
		assertThat(notifications(nodeD)).as("D heard of it").isGreaterThan(heard);
	}

	@Test
	void theListenersConnectionKilledPollingStillDeliversAndTheListenerComesBack() throws Exception {
		JdbcTemplate admin = admin();
		assertThat(listening()).as("every node listens").allMatch((value) -> value == 1.0);
		HikariDataSource pool = this.first.getBean(DataSource.class).unwrap(HikariDataSource.class);
		assertThat(pool.getHikariPoolMXBean().getActiveConnections())
			.as("on a connection of its own, not one of the pool's")
			.isZero();

		int killed = admin.queryForObject(
				"select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?",
				Integer.class, "hybrid-auth-revocation-listener");
		assertThat(killed).as("one listener per node").isGreaterThanOrEqualTo(nodeCount());
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		for (HttpClientSupport node : this.others) {
			Duration delay = awaitRefused(node, jwt);
			assertThat(delay).as("%s refuses within the bound: %s", node, delay).isLessThan(MAX_DELAY);
		}

		awaitTrue(() -> listening().stream().allMatch((value) -> value == 1.0), Duration.ofSeconds(10));
		assertThat(listening()).as("every listener connected again").allMatch((value) -> value == 1.0);
		int listeners = admin.queryForObject("select count(*) from pg_stat_activity where application_name = ?",
				Integer.class, "hybrid-auth-revocation-listener");
		assertThat(listeners).isGreaterThanOrEqualTo(nodeCount());
		double heard = notifications(this.second);
		JsonNode again = this.a.login(this.username, "feed-password");
		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + again.get("session_token").asString());
		awaitRefused(this.b, again.get("session_jwt").asString());
		assertThat(notifications(this.second)).as("B hears notifications again").isGreaterThan(heard);
	}

	@Test
	void notificationsWithUnknownOrMalformedPayloadsChangeNothing() throws InterruptedException {
		HttpClientSupport d = startForTest(NO_POLLING);
		ConfigurableApplicationContext nodeD = allNodes().get(allNodes().size() - 1);
		RevocationView view = nodeD.getBean(RevocationView.class);
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		int size = view.size();
		double heard = notifications(nodeD);

		JdbcTemplate admin = admin();
		admin.queryForObject("select pg_notify('hybrid_auth_revocation', '{not json')", Object.class);
		admin.queryForObject("select pg_notify('hybrid_auth_revocation', ?)", Object.class,
				"SESSION:" + sessionIdOf(jwt).replace('A', 'B') + "-unknown");
		admin.queryForObject("select pg_notify('hybrid_auth_revocation', ?)", Object.class, "x".repeat(7000));
		awaitTrue(() -> notifications(nodeD) >= heard + 3, MAX_DELAY);

		assertThat(notifications(nodeD)).as("D heard all three").isEqualTo(heard + 3);
		assertThat(view.size()).as("nothing entered the view").isEqualTo(size);
		assertThat(hello(d, jwt).statusCode()).as("the JWT still works").isEqualTo(200);
		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		assertThat(awaitRefused(d, jwt)).as("positive control: a real revocation still arrives").isLessThan(MAX_DELAY);
	}

	@Test
	void aBurstOfAHundredThousandRevocationsIsReadWhileRequestsGoOnAndIsForgottenWithTheJwts() throws Exception {
		JdbcTemplate admin = admin();
		RevocationView view = this.second.getBean(RevocationView.class);
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		int size = view.size();
		AtomicInteger served = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		Thread traffic = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				int status = hello(this.b, jwt).statusCode();
				((status == 200) ? served : failed).incrementAndGet();
			}
		});
		traffic.start();
		try {
			admin
				.update("""
						insert into hybrid_auth_revocation (kind, subject, user_id, not_before, created_at)
						select 'SESSION', 'burst-' || i, 'burst-user', now(), now() from generate_series(1, 100000) as i""");
			awaitTrue(() -> view.size() >= size + 100_000, Duration.ofSeconds(30));
			int servedDuringBurst = served.get();
			Thread.sleep(200);
			traffic.interrupt();
			traffic.join();

			assertThat(view.size()).as("every row of the burst, and nothing else").isEqualTo(size + 100_000);
			assertThat(failed.get()).as("no request failed").isZero();
			assertThat(servedDuringBurst).as("requests were served during the burst").isPositive();
			this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
			assertThat(awaitRefused(this.b, jwt)).as("a revocation after the burst arrives within the bound")
				.isLessThan(MAX_DELAY);

			// the JWT lifetime (5 minutes) and the clock skew (30 seconds) of the test
			// properties, and a second more
			MutableClock.SHARED.advance(Duration.ofMinutes(5).plusSeconds(31));
			awaitTrue(() -> view.size() <= size, MAX_DELAY);
			assertThat(view.size()).as("the view forgot the burst with the JWTs it concerned")
				.isLessThanOrEqualTo(size);
		}
		finally {
			traffic.interrupt();
			admin.update("delete from hybrid_auth_revocation where user_id = 'burst-user'");
		}
	}

	private List<Double> listening() {
		return allNodes().stream()
			.map((node) -> node.getBean(MeterRegistry.class).get("hybrid_auth.revocation.listening").gauge().value())
			.toList();
	}

	private static double notifications(ConfigurableApplicationContext node) {
		return node.getBean(MeterRegistry.class).counter("hybrid_auth.revocation.notifications").count();
	}

	private static String sessionIdOf(String jwt) {
		return claims(jwt).get("sid").asString();
	}

	private static JdbcTemplate admin() {
		return new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
				EmbeddedPostgres.jdbcUrl(), "postgres", "postgres"));
	}

	private static void awaitTrue(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.get() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

}
