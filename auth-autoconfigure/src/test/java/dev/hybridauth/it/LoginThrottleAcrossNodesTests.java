package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one PostgreSQL database share the throttle: failures on
 * one node throttle the other, and failures made on both at once are all counted.
 */
class LoginThrottleAcrossNodesTests {

	private static final String ATTACKER = "203.0.113.7";

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private HttpClientSupport a;

	private HttpClientSupport b;

	@BeforeEach
	void startTwoInstances() {
		String url = EmbeddedPostgres.jdbcUrl();
		this.first = start(url);
		this.second = start(url);
		MutableClock.SHARED.reset();
		forgetAllFailures();
		this.a = new HttpClientSupport(port(this.first));
		this.b = new HttpClientSupport(port(this.second));
	}

	@AfterEach
	void stop() {
		forgetAllFailures();
		this.first.close();
		this.second.close();
	}

	@Test
	void failuresOnOneNodeThrottleTheOther() {
		for (int i = 0; i < 5; i++) {
			assertThat(login(this.a, "alice", "wrong-" + i, ATTACKER).statusCode()).as("failure %d on A", i + 1)
				.isEqualTo(401);
		}

		HttpResponse<String> onB = login(this.b, "alice", "alice-password", ATTACKER);
		assertThat(onB.statusCode()).isEqualTo(429);
		assertThat(onB.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(login(this.b, "alice", "alice-password", "198.51.100.9").statusCode()).as("another address on B")
			.isEqualTo(200);

		MutableClock.SHARED.advance(Duration.ofSeconds(1));
		assertThat(login(this.b, "alice", "alice-password", ATTACKER).statusCode()).as("after the window")
			.isEqualTo(200);
	}

	@Test
	void failuresMadeOnBothNodesAtOnceAreAllCounted() throws Exception {
		List<Callable<Integer>> guesses = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			HttpClientSupport node = (i % 2 == 0) ? this.a : this.b;
			String address = "192.0.2." + (i + 1);
			guesses.add(() -> login(node, "alice", "guess", address).statusCode());
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Integer> statuses = new ArrayList<>();
		try {
			for (Future<Integer> status : pool.invokeAll(guesses)) {
				statuses.add(status.get());
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(statuses).as("50 guesses from 50 addresses, half on each node").hasSize(50).containsOnly(401);

		HttpResponse<String> next = login(this.a, "alice", "alice-password", "192.0.2.100");
		assertThat(next.statusCode()).as("the account's 50 failures were all counted").isEqualTo(429);
		assertThat(login(this.b, "admin", "admin-password", "192.0.2.100").statusCode()).as("positive control")
			.isEqualTo(200);
	}

	private static HttpResponse<String> login(HttpClientSupport node, String username, String password,
			String address) {
		return node.postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
				"X-Forwarded-For", address);
	}

	private void forgetAllFailures() {
		new JdbcTemplate(this.first.getBean(DataSource.class)).update("delete from hybrid_auth_login_throttle");
	}

	private static ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=postgres", "hybrid-auth.session.initialize-schema=always",
					"test.shared-clock=true", "server.forward-headers-strategy=native",
					// every guess gets its check, however slow this machine: the bound is
					// not
					// what this test is about
					"hybrid-auth.login.max-concurrent-checks=8", "hybrid-auth.login.check-wait=30s")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
