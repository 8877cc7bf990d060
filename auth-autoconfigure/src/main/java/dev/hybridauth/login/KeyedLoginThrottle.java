package dev.hybridauth.login;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.hybridauth.login.ThrottleRules.State;

/**
 * The {@link LoginThrottle} of the {@code hybrid-auth.login.throttle.*} rules
 * ({@link ThrottleRules}) over a store of per-key state ({@link ThrottleKey}): in memory
 * or in the database.
 */
abstract class KeyedLoginThrottle implements LoginThrottle {

	private final ThrottleRules rules;

	private final Clock clock;

	KeyedLoginThrottle(ThrottleRules rules, Clock clock) {
		this.rules = rules;
		this.clock = clock;
	}

	/**
	 * Refuses when any of the attempt's keys does; with several, the longest wait wins,
	 * so that {@code Retry-After} is never too short.
	 */
	@Override
	public Optional<Refusal> check(String username, String address) {
		List<ThrottleKey> keys = ThrottleKey.of(username, address);
		long now = this.clock.millis();
		Map<ThrottleKey, State> states = read(keys, now);
		Refusal longest = null;
		for (ThrottleKey key : keys) {
			Refusal refusal = this.rules.refusal(key.limit(), states.get(key), now);
			if (refusal != null && (longest == null || refusal.retryAfter().compareTo(longest.retryAfter()) > 0)) {
				longest = refusal;
			}
		}
		return Optional.ofNullable(longest);
	}

	@Override
	public void recordFailure(String username, String address) {
		long now = this.clock.millis();
		update(ThrottleKey.of(username, address), (key, state) -> this.rules.afterFailure(key.limit(), state, now),
				now);
	}

	@Override
	public void recordSuccess(String username, String address) {
		delete(ThrottleKey.pair(username, address));
	}

	ThrottleRules rules() {
		return this.rules;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Reads the state of keys.
	 * @param keys the keys
	 * @param now the time: a state expired by then is left out
	 * @return the live state of each key that has one
	 */
	abstract Map<ThrottleKey, State> read(List<ThrottleKey> keys, long now);

	/**
	 * Replaces the state of keys, each atomically with respect to other updates of it.
	 * @param keys the keys
	 * @param change the new state of a key from its live state ({@code null} when it has
	 * none)
	 * @param now the time: a state expired by then counts as none
	 */
	abstract void update(List<ThrottleKey> keys, BiFunction<ThrottleKey, State, State> change, long now);

	/**
	 * Forgets the state of a key.
	 * @param key the key
	 */
	abstract void delete(ThrottleKey key);

}
