package dev.hybridauth.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class H2LoginThrottleTests extends AbstractLoginThrottleTests {

	private static final int SAMPLES = 200;

	@Autowired
	JdbcTemplate jdbc;

	@Override
	void forgetAllFailures() {
		this.jdbc.update("delete from hybrid_auth_login_throttle");
	}

	@Override
	long statementsOfAThrottledAttempt() {
		return 1;
	}

	/**
	 * What a throttled attempt costs the server, against a checked one and against a
	 * request that does no work (the CSRF endpoint): the median time of 200 answers each,
	 * measured by the client. Unknown usernames from fresh addresses get a checked
	 * {@code 401} (Spring Security hashes for unknown users too, so that timing does not
	 * tell them apart).
	 */
	@Test
	void aThrottledAttemptCostsAFractionOfACheckedOne() {
		for (int i = 0; i < 5; i++) {
			login("alice", "wrong-" + i, ATTACKER);
		}
		long[] throttled = new long[SAMPLES];
		long[] checked = new long[SAMPLES];
		long[] baseline = new long[SAMPLES];
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < SAMPLES; i++) {
			long start = System.nanoTime();
			statuses.add(login("alice", "alice-password", ATTACKER).statusCode());
			throttled[i] = System.nanoTime() - start;
			start = System.nanoTime();
			statuses.add(login("probe-" + i, "wrong", "10.1." + (i / 250) + "." + (i % 250)).statusCode());
			checked[i] = System.nanoTime() - start;
			start = System.nanoTime();
			statuses.add(this.http.get("/auth/csrf").statusCode());
			baseline[i] = System.nanoTime() - start;
		}
		assertThat(statuses.stream().filter((status) -> status == 429)).hasSize(SAMPLES);
		assertThat(statuses.stream().filter((status) -> status == 401)).hasSize(SAMPLES);
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSize(SAMPLES);
		double throttledMillis = median(throttled) / 1e6;
		double checkedMillis = median(checked) / 1e6;
		System.out.printf(
				"login answers, median of %d: throttled 429 %.2f ms, checked 401 %.2f ms (%.0fx), "
						+ "GET /auth/csrf %.2f ms%n",
				SAMPLES, throttledMillis, checkedMillis, checkedMillis / throttledMillis, median(baseline) / 1e6);
		assertThat(throttledMillis).as("a throttled attempt against a checked one").isLessThan(checkedMillis / 5);
	}

	private static long median(long[] samples) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
