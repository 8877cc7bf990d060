package dev.hybridauth.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The revocation feed through a database outage, on a PostgreSQL of its own that the test
 * stops and starts again: while it is down, no JWT request fails because of the feed, and
 * the metrics say that the feed is silent and not listening; when it is back, the
 * listener connects again by itself, the feed reads again, and a revocation reaches the
 * other node within the bound. The outage lasts {@code test.feed-outage-seconds} (6 by
 * default, to keep the build short; the feed's closing note gives a run with 60).
 */
class RevocationFeedOutageTests {

	private static final Duration MAX_DELAY = Duration.ofSeconds(2);

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("test.feed-outage-seconds", 6));

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private Path dataDirectory;

	private int databasePort;

	private EmbeddedPostgres database;

	@AfterEach
	void stop() throws IOException {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		MutableClock.SHARED.reset();
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void jwtRequestsGoOnWhileTheFeedIsSilentAndItCatchesUpWhenTheDatabaseReturns() throws Exception {
		this.dataDirectory = Files.createTempDirectory("hybrid-auth-feed-outage");
		try (ServerSocket socket = new ServerSocket(0)) {
			this.databasePort = socket.getLocalPort();
		}
		this.database = startDatabase();
		MutableClock.SHARED.reset();
		ConfigurableApplicationContext first = startNode();
		ConfigurableApplicationContext second = startNode();
		HttpClientSupport a = new HttpClientSupport(port(first));
		HttpClientSupport b = new HttpClientSupport(port(second));
		JsonNode login = a.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		assertThat(b.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
		assertThat(gauge(second, "hybrid_auth.revocation.listening")).as("positive control: B listens").isEqualTo(1);
		assertThat(gauge(second, "hybrid_auth.revocation.silent")).isZero();

		AtomicInteger served = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		this.database.close();
		this.database = null;
		try {
			long until = System.nanoTime() + OUTAGE.toNanos();
			while (System.nanoTime() < until) {
				// the nodes' clock follows the wall clock, by which the feed is silent
				MutableClock.SHARED.reset();
				for (HttpClientSupport node : List.of(a, b)) {
					int status = node.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode();
					((status == 200) ? served : failed).incrementAndGet();
				}
				Thread.sleep(50);
			}
			assertThat(gauge(second, "hybrid_auth.revocation.silent")).as("B's feed says it is silent").isEqualTo(1);
			assertThat(gauge(second, "hybrid_auth.revocation.listening")).as("and not listening").isZero();
		}
		finally {
			this.database = startDatabase();
		}
		assertThat(failed.get()).as("no JWT request failed during the outage").isZero();
		assertThat(served.get()).isPositive();

		MutableClock.SHARED.reset();
		awaitTrue(() -> gauge(second, "hybrid_auth.revocation.listening") == 1
				&& gauge(second, "hybrid_auth.revocation.silent") == 0, Duration.ofSeconds(15));
		assertThat(gauge(second, "hybrid_auth.revocation.listening")).as("B listens again").isEqualTo(1);
		assertThat(gauge(second, "hybrid_auth.revocation.silent")).as("and reads the log").isZero();
		int logout = 0;
		for (int attempt = 0; attempt < 20 && logout != 204; attempt++) {
			logout = a
				.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString())
				.statusCode();
			if (logout != 204) {
				Thread.sleep(250);
			}
		}
		assertThat(logout).as("the session from before the outage is there, and logs out").isEqualTo(204);
		long loggedOutAt = System.nanoTime();
		awaitTrue(() -> b.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode() == 401, MAX_DELAY);
		assertThat(Duration.ofNanos(System.nanoTime() - loggedOutAt)).as("B refuses within the bound")
			.isLessThan(MAX_DELAY);
	}

	private ConfigurableApplicationContext startNode() {
		ConfigurableApplicationContext node = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "test.shared-clock=true",
					"spring.datasource.url=" + this.database.getJdbcUrl("postgres", "postgres"),
					"spring.datasource.username=postgres", "spring.datasource.password=postgres",
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500", "hybrid-auth.session.initialize-schema=always")
			.run();
		this.nodes.add(node);
		return node;
	}

	private EmbeddedPostgres startDatabase() throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(this.databasePort)
			.start();
	}

	private static double gauge(ConfigurableApplicationContext node, String name) {
		return node.getBean(MeterRegistry.class).get(name).gauge().value();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static void awaitTrue(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.get() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

}
