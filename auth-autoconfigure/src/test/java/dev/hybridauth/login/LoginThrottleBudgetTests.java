package dev.hybridauth.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.hybridauth.it.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many passwords an attacker can try in an hour with the default limits, by playing
 * the attack against the throttle on a clock moved by hand: every attempt is a failure,
 * and the attacker tries again the moment the throttle lets it.
 * <ul>
 * <li>one address against one account: the pair's back-off. Trying whenever allowed gives
 * 17 in the first hour, then 4 an hour (one per 15-minute window). Better for the
 * attacker: 11 quick failures, then waiting until the pair is forgotten (a window after
 * the 64-second back-off ends), which gives 44 in the first hour and about 38 an hour
 * after;</li>
 * <li>many addresses against one account: the account limit, 50 per window, 200 an
 * hour;</li>
 * <li>one address against many accounts: the address limit, 100 per window, 400 an
 * hour.</li>
 * </ul>
 */
class LoginThrottleBudgetTests {

	private static final Duration HOUR = Duration.ofHours(1);

	private final MutableClock clock = new MutableClock();

	private final InMemoryLoginThrottle throttle = new InMemoryLoginThrottle(
			new ThrottleRules(5, Duration.ofSeconds(1), Duration.ofMinutes(15), 50, 100, Duration.ofMinutes(15)),
			this.clock, 100_000);

	@Test
	void oneAddressTryingWheneverAllowedGets17InTheFirstHour() {
		Instant end = this.clock.instant().plus(HOUR);
		int attempts = 0;
		while (true) {
			Optional<LoginThrottle.Refusal> refusal = this.throttle.check("alice", "203.0.113.7");
			if (refusal.isPresent()) {
				this.clock.advance(refusal.get().retryAfter());
				continue;
			}
			if (!this.clock.instant().isBefore(end)) {
				break;
			}
			this.throttle.recordFailure("alice", "203.0.113.7");
			attempts++;
		}
		assertThat(attempts).isEqualTo(17);
	}

	@Test
	void oneAddressThatLetsThePairBeForgottenGets48InTheFirstHourAndUnder39AnHourAfter() {
		int firstHour = 0;
		int bestBurst = 0;
		double sustained = 0;
		for (int burst = 1; burst <= 16; burst++) {
			this.clock.advance(Duration.ofDays(1));
			int attempts = burstsThenForget(burst, this.clock.instant().plus(HOUR));
			if (attempts > firstHour) {
				firstHour = attempts;
				bestBurst = burst;
			}
			this.clock.advance(Duration.ofDays(1));
			sustained = Math.max(sustained,
					burstsThenForget(burst, this.clock.instant().plus(Duration.ofDays(1))) / 24.0);
		}
		System.out.printf(
				"one address against one account: %d in the first hour (bursts of %d), %.1f an hour " + "over a day%n",
				firstHour, bestBurst, sustained);
		assertThat(firstHour).isEqualTo(48);
		assertThat(sustained).isBetween(38.0, 39.5);
	}

	@Test
	void manyAddressesAgainstOneAccountGet200AnHour() {
		int attempts = 0;
		Instant end = this.clock.instant().plus(HOUR);
		for (int address = 0; this.clock.instant().isBefore(end); address++) {
			// a fresh address for every attempt: the pair limit never applies
			String client = "10." + (address / 65_536) + "." + (address / 256 % 256) + "." + (address % 256);
			Optional<LoginThrottle.Refusal> refusal = this.throttle.check("alice", client);
			if (refusal.isPresent()) {
				this.clock.advance(refusal.get().retryAfter());
				continue;
			}
			this.throttle.recordFailure("alice", client);
			attempts++;
		}
		assertThat(attempts).isEqualTo(200);
	}

	@Test
	void oneAddressAgainstManyAccountsGets400AnHour() {
		int attempts = 0;
		Instant end = this.clock.instant().plus(HOUR);
		for (int account = 0; this.clock.instant().isBefore(end); account++) {
			Optional<LoginThrottle.Refusal> refusal = this.throttle.check("user-" + account, "203.0.113.7");
			if (refusal.isPresent()) {
				this.clock.advance(refusal.get().retryAfter());
				continue;
			}
			this.throttle.recordFailure("user-" + account, "203.0.113.7");
			attempts++;
		}
		assertThat(attempts).isEqualTo(400);
	}

	/**
	 * Fails {@code burst} times as fast as the throttle allows, then waits until the pair
	 * is forgotten, and again, until {@code end}.
	 */
	private int burstsThenForget(int burst, Instant end) {
		String address = "203.0.113." + burst;
		int attempts = 0;
		while (this.clock.instant().isBefore(end)) {
			for (int i = 0; i < burst && this.clock.instant().isBefore(end); i++) {
				Optional<LoginThrottle.Refusal> refusal = this.throttle.check("alice", address);
				if (refusal.isPresent()) {
					this.clock.advance(refusal.get().retryAfter());
					i--;
					continue;
				}
				this.throttle.recordFailure("alice", address);
				attempts++;
			}
			// the last back-off, then one window: the pair is forgotten
			Optional<LoginThrottle.Refusal> refusal = this.throttle.check("alice", address);
			refusal.ifPresent((blocked) -> this.clock.advance(blocked.retryAfter()));
			this.clock.advance(Duration.ofMinutes(15));
		}
		return attempts;
	}

}
