package dev.hybridauth.login;

import java.time.Duration;

import dev.hybridauth.LoginLimit;

import org.springframework.util.Assert;

/**
 * The throttle's rules, one place for every store: what one more failure does to a key,
 * and whether a key refuses an attempt now. Times are epoch milliseconds.
 * <ul>
 * <li>an account and address pair: from its {@code maxFailures}-th failure on, each
 * failure opens a back-off window, {@code initialBackoff} doubled for each failure past
 * {@code maxFailures}, at most {@code maxBackoff}. Its failures are forgotten
 * {@code window} after the later of its last failure and the end of its back-off, or at
 * its next success;</li>
 * <li>an account, or an address: a fixed window of {@code window} opens at its first
 * failure; at {@code accountMaxFailures} (or {@code addressMaxFailures}) failures within
 * it, every attempt is refused until the window ends.</li>
 * </ul>
 */
final class ThrottleRules {

	private final int maxFailures;

	private final long initialBackoff;

	private final long maxBackoff;

	private final int accountMaxFailures;

	private final int addressMaxFailures;

	private final long window;

	ThrottleRules(int maxFailures, Duration initialBackoff, Duration maxBackoff, int accountMaxFailures,
			int addressMaxFailures, Duration window) {
		Assert.isTrue(maxFailures > 0, "max-failures must be positive");
		Assert.isTrue(accountMaxFailures > 0, "account-max-failures must be positive");
		Assert.isTrue(addressMaxFailures > 0, "address-max-failures must be positive");
		Assert.isTrue(initialBackoff.toMillis() > 0, "initial-backoff must be at least 1ms");
		Assert.isTrue(maxBackoff.compareTo(initialBackoff) >= 0, "max-backoff cannot be shorter than initial-backoff");
		Assert.isTrue(window.toMillis() > 0, "window must be at least 1ms");
		this.maxFailures = maxFailures;
		this.initialBackoff = initialBackoff.toMillis();
		this.maxBackoff = maxBackoff.toMillis();
		this.accountMaxFailures = accountMaxFailures;
		this.addressMaxFailures = addressMaxFailures;
		this.window = window.toMillis();
	}

	/**
	 * The state of a key after one more failure.
	 * @param limit the key's limit
	 * @param current the key's state, or {@code null} when it has none
	 * @param now the time of the failure
	 * @return the new state
	 */
	State afterFailure(LoginLimit limit, State current, long now) {
		State live = (current != null && !current.isExpired(now)) ? current : null;
		int failures = (live != null) ? (int) Math.min(live.failures() + 1L, Integer.MAX_VALUE) : 1;
		if (limit == LoginLimit.PAIR) {
			long blockedUntil = (failures >= this.maxFailures) ? now + backoff(failures - this.maxFailures) : 0;
			return new State(failures, blockedUntil, Math.max(now, blockedUntil) + this.window);
		}
		long expiresAt = (live != null) ? live.expiresAt() : now + this.window;
		int max = (limit == LoginLimit.ACCOUNT) ? this.accountMaxFailures : this.addressMaxFailures;
		return new State(failures, (failures >= max) ? expiresAt : 0, expiresAt);
	}

	/**
	 * Whether a key refuses an attempt now.
	 * @param limit the key's limit
	 * @param state the key's state, or {@code null}
	 * @param now the time of the attempt
	 * @return the refusal, or {@code null} when this key lets the attempt through
	 */
	LoginThrottle.Refusal refusal(LoginLimit limit, State state, long now) {
		if (state == null || state.blockedUntil() <= now) {
			return null;
		}
		return new LoginThrottle.Refusal(limit, Duration.ofMillis(state.blockedUntil() - now));
	}

	long window() {
		return this.window;
	}

	private long backoff(int doublings) {
		int shift = Math.min(doublings, 62);
		// initialBackoff << shift cannot overflow when it is at most maxBackoff
		return (this.initialBackoff > (this.maxBackoff >> shift)) ? this.maxBackoff
				: Math.min(this.initialBackoff << shift, this.maxBackoff);
	}

	/**
	 * The state of one key.
	 *
	 * @param failures the failures counted
	 * @param blockedUntil until when every attempt is refused, {@code 0} for not
	 * @param expiresAt when the state is forgotten
	 */
	record State(int failures, long blockedUntil, long expiresAt) {

		boolean isExpired(long now) {
			return now >= this.expiresAt;
		}

	}

}
