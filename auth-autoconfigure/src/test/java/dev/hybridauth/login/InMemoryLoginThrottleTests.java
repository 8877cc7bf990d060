package dev.hybridauth.login;

import java.time.Duration;

import dev.hybridauth.LoginLimit;
import dev.hybridauth.it.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryLoginThrottle}: its memory stays bounded however many keys an
 * attacker makes.
 */
class InMemoryLoginThrottleTests {

	private static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final MutableClock clock = new MutableClock();

	private final ThrottleRules rules = new ThrottleRules(5, Duration.ofSeconds(1), Duration.ofMinutes(15), 50, 100,
			Duration.ofMinutes(15));

	@Test
	void staysBoundedUnder200000DistinctKeysAndDropsTheLeastRecentlyUsedFirst() {
		InMemoryLoginThrottle throttle = new InMemoryLoginThrottle(this.rules, this.clock, DEFAULT_MAX_ENTRIES);
		for (int i = 0; i < 5; i++) {
			throttle.recordFailure("victim", "192.0.2.1");
			throttle.recordFailure("early", "192.0.2.2");
		}
		assertThat(throttle.check("early", "192.0.2.2")).isPresent();

		int distinctKeys = 0;
		for (int i = 0; distinctKeys < 200_000; i++) {
			// one account and one pair per attempt, from 250 addresses
			throttle.recordFailure("user-" + i, "198.51.100." + (i % 250));
			distinctKeys += 2;
			if (i % 10_000 == 0) {
				assertThat(throttle.check("victim", "192.0.2.1")).as("used recently, kept").isPresent();
			}
		}

		assertThat(throttle.size()).isEqualTo(DEFAULT_MAX_ENTRIES);
		assertThat(throttle.check("victim", "192.0.2.1")).as("used recently, kept")
			.hasValueSatisfying((refusal) -> assertThat(refusal.limit()).isEqualTo(LoginLimit.PAIR));
		assertThat(throttle.check("early", "192.0.2.2")).as("not used since, dropped").isEmpty();
	}

	@Test
	void anExpiredKeyIsDroppedWhenRead() {
		InMemoryLoginThrottle throttle = new InMemoryLoginThrottle(this.rules, this.clock, DEFAULT_MAX_ENTRIES);
		throttle.recordFailure("alice", "192.0.2.1");
		assertThat(throttle.size()).isEqualTo(3);

		this.clock.advance(Duration.ofMinutes(15));
		assertThat(throttle.check("alice", "192.0.2.1")).isEmpty();

		assertThat(throttle.size()).isZero();
	}

	/**
	 * Measures what 100,000 entries take (the heap after a full collection, with and
	 * without them): about 12 MB, 120 bytes each, on a 64-bit JVM with compressed
	 * pointers.
	 */
	@Test
	void anEntryTakesAboutAHundredAndTwentyBytes() {
		Runtime runtime = Runtime.getRuntime();
		InMemoryLoginThrottle throttle = new InMemoryLoginThrottle(this.rules, this.clock, DEFAULT_MAX_ENTRIES);
		long before = usedAfterCollection(runtime);
		for (int i = 0; throttle.size() < DEFAULT_MAX_ENTRIES; i++) {
			throttle.recordFailure("user-" + i, "192.0.2.1");
		}
		long after = usedAfterCollection(runtime);
		double perEntry = (double) (after - before) / throttle.size();
		System.out.printf("in-memory throttle: %d entries, %.0f bytes each, %.1f MB%n", throttle.size(), perEntry,
				(after - before) / 1e6);
		assertThat(perEntry).isBetween(60.0, 250.0);
	}

	private static long usedAfterCollection(Runtime runtime) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
