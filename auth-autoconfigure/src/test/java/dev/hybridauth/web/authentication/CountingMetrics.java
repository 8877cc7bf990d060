package dev.hybridauth.web.authentication;

import java.util.HashMap;
import java.util.Map;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.metrics.HybridAuthMetrics;

/**
 * {@link HybridAuthMetrics} as counters named like the Micrometer meters' tags:
 * {@code jwt.success}, {@code session.failure}, {@code live_check.success}, ...
 */
class CountingMetrics implements HybridAuthMetrics {

	private final Map<String, Integer> counters = new HashMap<>();

	@Override
	public void authentication(AuthenticationMethod method, boolean success) {
		increment(method.contractName() + outcome(success));
	}

	@Override
	public void liveCheck(boolean success) {
		increment("live_check" + outcome(success));
	}

	/**
	 * @return the counters now, to compare with later
	 */
	Map<String, Integer> snapshot() {
		return Map.copyOf(this.counters);
	}

	/**
	 * @param before an earlier {@link #snapshot()}
	 * @return how much each counter grew since, counters that did not grow left out
	 */
	Map<String, Integer> since(Map<String, Integer> before) {
		Map<String, Integer> grown = new HashMap<>();
		this.counters.forEach((name, count) -> {
			int growth = count - before.getOrDefault(name, 0);
			if (growth != 0) {
				grown.put(name, growth);
			}
		});
		return grown;
	}

	private void increment(String name) {
		this.counters.merge(name, 1, Integer::sum);
	}

	private static String outcome(boolean success) {
		return success ? ".success" : ".failure";
	}

}
