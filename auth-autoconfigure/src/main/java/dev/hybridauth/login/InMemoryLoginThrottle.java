package dev.hybridauth.login;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.hybridauth.login.ThrottleRules.State;

import org.springframework.util.Assert;

/**
 * The throttle's state in this node's memory, bounded: at most {@code maxEntries} keys,
 * the least recently used dropped first (a dropped key starts again from no failures).
 * <p>
 * An entry is about 120 bytes on a 64-bit JVM with compressed pointers (a 16-byte key of
 * two longs in a 32-byte object, a 32-byte state, a 40-byte linked map entry and its slot
 * in the table): about 12 MB at the default 100,000 entries. An attempt touches three
 * keys (pair, account, address).
 * <p>
 * One lock guards the map; it is held for a few map operations, never during a hash.
 */
final class InMemoryLoginThrottle extends KeyedLoginThrottle {

	private final Map<Slot, State> states;

	InMemoryLoginThrottle(ThrottleRules rules, Clock clock, int maxEntries) {
		super(rules, clock);
		Assert.isTrue(maxEntries >= 3, "max-entries must be at least 3");
		this.states = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Slot, State> eldest) {
				return size() > maxEntries;
			}

		};
	}

	@Override
	Map<ThrottleKey, State> read(List<ThrottleKey> keys, long now) {
		Map<ThrottleKey, State> live = new HashMap<>();
		synchronized (this.states) {
			for (ThrottleKey key : keys) {
				Slot slot = Slot.of(key);
				State state = this.states.get(slot);
				if (state != null && state.isExpired(now)) {
					this.states.remove(slot);
				}
				else if (state != null) {
					live.put(key, state);
				}
			}
		}
		return live;
	}

	@Override
	void update(List<ThrottleKey> keys, BiFunction<ThrottleKey, State, State> change, long now) {
		synchronized (this.states) {
			for (ThrottleKey key : keys) {
				Slot slot = Slot.of(key);
				State current = this.states.get(slot);
				this.states.put(slot, change.apply(key, (current != null && !current.isExpired(now)) ? current : null));
			}
		}
	}

	@Override
	void delete(ThrottleKey key) {
		synchronized (this.states) {
			this.states.remove(Slot.of(key));
		}
	}

	int size() {
		synchronized (this.states) {
			return this.states.size();
		}
	}

	/**
	 * A key in memory: the first 128 bits of its SHA-256.
	 */
	private record Slot(long high, long low) {

		static Slot of(ThrottleKey key) {
			return new Slot(key.high(), key.low());
		}

	}

}
