package dev.hybridauth.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import dev.hybridauth.it.EmbeddedPostgres;
import dev.hybridauth.it.HttpClientSupport;
import dev.hybridauth.it.JwtForge;
import dev.hybridauth.it.MutableClock;
import dev.hybridauth.it.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one PostgreSQL database, through several key rotations:
 * tokens issued by either instance, just before or just after a switch, verify on the
 * other, and no request fails.
 */
class KeyRotationAcrossInstancesTests {

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	@BeforeEach
	void startTwoInstances() {
		// before the first key is made: a test before may have moved the clock on
		MutableClock.SHARED.reset();
		String url = EmbeddedPostgres.jdbcUrl();
		this.first = start(url);
		new JdbcTemplate(this.first.getBean(javax.sql.DataSource.class)).update("delete from hybrid_auth_signing_key");
		this.first.getBean(DatabaseSigningKeys.class).reload();
		this.second = start(url);
	}

	@AfterEach
	void stop() {
		this.first.close();
		this.second.close();
		MutableClock.SHARED.reset();
	}

	@Test
	void noRequestFailsAcrossKeySwitchesOnTwoInstances() {
		HttpClientSupport a = new HttpClientSupport(port(this.first));
		HttpClientSupport b = new HttpClientSupport(port(this.second));
		Set<String> signingKeys = new HashSet<>();
		Deque<String> recentJwts = new ArrayDeque<>();
		for (int minute = 0; minute < 75; minute++) {
			MutableClock.SHARED.advance(Duration.ofMinutes(1));
			this.first.getBean(DatabaseSigningKeys.class).reload();
			this.second.getBean(DatabaseSigningKeys.class).reload();

			JsonNode login = a.login("alice", "alice-password");
			String jwtFromA = login.get("session_jwt").asString();
			assertOk(b.get("/api/hello", "Authorization", "Bearer " + jwtFromA), minute);
			HttpResponse<String> refreshed = b.post("/auth/refresh", null, "", "Authorization",
					"Bearer " + login.get("session_token").asString());
			assertOk(refreshed, minute);
			String jwtFromB = HttpClientSupport.json(refreshed).get("session_jwt").asString();
			assertOk(a.get("/api/hello", "Authorization", "Bearer " + jwtFromB), minute);
			for (String earlier : recentJwts) {
				assertOk(a.get("/api/hello", "Authorization", "Bearer " + earlier), minute);
				assertOk(b.get("/api/hello", "Authorization", "Bearer " + earlier), minute);
			}
			recentJwts.addLast(jwtFromA);
			recentJwts.addLast(jwtFromB);
			while (recentJwts.size() > 8) {
				recentJwts.removeFirst();
			}
			signingKeys.add(kid(jwtFromA));
			signingKeys.add(kid(jwtFromB));
		}
		assertThat(signingKeys).as("keys that signed during the run").hasSizeGreaterThanOrEqualTo(4);
	}

	/**
	 * Requests that sign (refreshes) and verify on both instances run without a pause
	 * while the clock crosses every key switch and both instances reload their keys at
	 * the same time: no request fails, each key signed on both instances, and requests
	 * were in flight on both instances during the switches.
	 */
	@Test
	void requestsOnBothInstancesRaceEveryKeySwitch() throws Exception {
		List<HttpClientSupport> nodes = List.of(new HttpClientSupport(port(this.first)),
				new HttpClientSupport(port(this.second)));
		List<DatabaseSigningKeys> keys = List.of(this.first.getBean(DatabaseSigningKeys.class),
				this.second.getBean(DatabaseSigningKeys.class));
		int workers = 4;
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < workers; i++) {
			tokens.add(nodes.get(i % 2).login("alice", "alice-password").get("session_token").asString());
		}
		AtomicInteger step = new AtomicInteger();
		AtomicBoolean running = new AtomicBoolean(true);
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		Map<String, Set<Integer>> signersByKid = new ConcurrentHashMap<>();
		AtomicIntegerArray requests = new AtomicIntegerArray(2);
		AtomicIntegerArray duringSwitch = new AtomicIntegerArray(2);
		ExecutorService threads = Executors.newFixedThreadPool(workers);
		ExecutorService reloader = Executors.newSingleThreadExecutor();
		List<Future<?>> workers_ = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			int signer = w % 2;
			int verifier = 1 - signer;
			String token = tokens.get(w);
			workers_.add(threads.submit(() -> {
				while (running.get()) {
					int before = step.get();
					HttpResponse<String> refreshed = nodes.get(signer)
						.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);
					if (refreshed.statusCode() != 200) {
						failures.add("refresh on " + signer + ": " + refreshed.statusCode() + " " + refreshed.body());
						continue;
					}
					String jwt = HttpClientSupport.json(refreshed).get("session_jwt").asString();
					signersByKid.computeIfAbsent(kid(jwt), (kid) -> ConcurrentHashMap.newKeySet()).add(signer);
					for (int node : new int[] { verifier, signer }) {
						HttpResponse<String> hello = nodes.get(node)
							.get("/api/hello", "Authorization", "Bearer " + jwt);
						if (hello.statusCode() != 200) {
							failures.add("JWT signed on " + signer + " with " + kid(jwt) + ", verified on " + node
									+ ": " + hello.statusCode() + " " + hello.body());
						}
						requests.incrementAndGet(node);
					}
					if (step.get() != before) {
						duringSwitch.incrementAndGet(signer);
					}
				}
			}));
		}
		try {
			for (int minute = 0; minute < 75; minute++) {
				step.incrementAndGet();
				MutableClock.SHARED.advance(Duration.ofMinutes(1));
				// both instances reload at once, each on a thread of its own
				CountDownLatch go = new CountDownLatch(1);
				Future<?> second = reloader.submit(() -> {
					go.await();
					keys.get(1).reload();
					return null;
				});
				go.countDown();
				keys.get(0).reload();
				second.get(30, TimeUnit.SECONDS);
				step.incrementAndGet();
				Thread.sleep(20);
			}
		}
		finally {
			running.set(false);
			for (Future<?> worker : workers_) {
				worker.get(30, TimeUnit.SECONDS);
			}
			threads.shutdown();
			reloader.shutdown();
		}
		System.out.printf("key switches raced by %s requests, %s of them across a switch; keys and signers: %s%n",
				requests, duringSwitch, signersByKid);
		assertThat(failures).as("failed requests").isEmpty();
		assertThat(signersByKid).as("keys that signed during the run").hasSizeGreaterThanOrEqualTo(4);
		assertThat(signersByKid.values()).as("every key signed on both instances")
			.allSatisfy((signers) -> assertThat(signers).containsExactlyInAnyOrder(0, 1));
		assertThat(duringSwitch.get(0)).as("requests across a switch, signed on the first").isPositive();
		assertThat(duringSwitch.get(1)).as("and on the second").isPositive();
	}

	private static void assertOk(HttpResponse<String> response, int minute) {
		assertThat(response.statusCode()).as("minute " + minute + ": " + response.body()).isEqualTo(200);
	}

	private static String kid(String jwt) {
		return json(JwtForge.decode(JwtForge.parts(jwt)[0])).get("kid").asString();
	}

	private static JsonNode json(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
	}

	private static ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=postgres", "hybrid-auth.session.initialize-schema=always",
					"hybrid-auth.jwt.key-rotation-interval=20m", "test.shared-clock=true")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
