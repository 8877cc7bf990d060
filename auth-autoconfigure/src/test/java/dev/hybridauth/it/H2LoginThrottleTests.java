package dev.hybridauth.it;

import java.net.http.HttpResponse;
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
	 * What a throttled attempt costs the server, against a checked one: the median time
	 * of 200 answers each, measured by the client. Unknown usernames from fresh addresses
	 * get a checked {@code 401} (Spring Security hashes for unknown users too, so that
	 * timing does not tell them apart).
	 */
	@Test
	void aThrottledAttemptCostsAFractionOfACheckedOne() {
		for (int i = 0; i < 5; i++) {
			login("alice", "wrong-" + i, ATTACKER);
		}
		long[] throttled = new long[SAMPLES];
		long[] checked = new long[SAMPLES];
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < SAMPLES; i++) {
			long start = System.nanoTime();
			HttpResponse<String> refused = login("alice", "alice-password", ATTACKER);
			throttled[i] = System.nanoTime() - start;
			statuses.add(refused.statusCode());
			start = System.nanoTime();
			HttpResponse<String> wrong = login("probe-" + i, "wrong", "10.1." + (i / 250) + "." + (i % 250));
			checked[i] = System.nanoTime() - start;
			statuses.add(wrong.statusCode());
		}
		assertThat(statuses).containsOnly(429, 401);
		assertThat(statuses.stream().filter((status) -> status == 429)).hasSize(SAMPLES);
		double throttledMillis = median(throttled) / 1e6;
		double checkedMillis = median(checked) / 1e6;
		System.out.printf("login answer, median of %d: throttled 429 %.2f ms, checked 401 %.2f ms (%.0fx)%n", SAMPLES,
				throttledMillis, checkedMillis, checkedMillis / throttledMillis);
		assertThat(throttledMillis).as("a throttled attempt against a checked one").isLessThan(checkedMillis / 5);
	}

	private static long median(long[] samples) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
