package dev.hybridauth.login;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

import dev.hybridauth.login.ThrottleRules.State;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

/**
 * The throttle's state in the {@code hybrid_auth_login_throttle} table, so that every
 * node sharing the database counts the same failures. One row per key, keyed by its
 * SHA-256 ({@link ThrottleKey#hex()}); the username and address are never stored.
 * <p>
 * Costs: an attempt reads its three rows in one {@code SELECT} by primary key; a failure
 * reads them again and writes them in one batch of {@code UPDATE}s, each conditional on
 * the row's {@code version} (a concurrent failure on another node makes it re-read and
 * retry, so no failure is lost), or {@code INSERT}s the rows that are missing; a success
 * deletes its pair's row. Expired rows are deleted in the background, in batches, every
 * window (no more often than once a minute).
 */
final class JdbcLoginThrottle extends KeyedLoginThrottle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JdbcLoginThrottle.class);

	private static final int MAX_ROUNDS = 10;

	private static final int CLEANUP_BATCH_SIZE = 500;

	private static final Duration MIN_CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;

	private final TaskScheduler scheduler;

	private ScheduledFuture<?> cleanup;

	/**
	 * Creates the throttle. Its table is checked at start-up with the rest of
	 * hybrid-auth's schema (the schema check of the session package).
	 * @param rules the rules
	 * @param clock the clock
	 * @param jdbc the database
	 * @param scheduler where expired rows are deleted
	 */
	JdbcLoginThrottle(ThrottleRules rules, Clock clock, JdbcTemplate jdbc, TaskScheduler scheduler) {
		super(rules, clock);
		this.jdbc = jdbc;
		this.scheduler = scheduler;
	}

	@Override
	Map<ThrottleKey, State> read(List<ThrottleKey> keys, long now) {
		Map<String, Row> rows = rows(keys);
		Map<ThrottleKey, State> live = new HashMap<>();
		for (ThrottleKey key : keys) {
			Row row = rows.get(key.hex());
			if (row != null && !row.state().isExpired(now)) {
				live.put(key, row.state());
			}
		}
		return live;
	}

	@Override
	void update(List<ThrottleKey> keys, BiFunction<ThrottleKey, State, State> change, long now) {
		List<ThrottleKey> pending = keys;
		for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
			Map<String, Row> rows = rows(pending);
			List<ThrottleKey> conflicts = new ArrayList<>();
			List<ThrottleKey> updated = new ArrayList<>();
			List<Object[]> updates = new ArrayList<>();
			for (ThrottleKey key : pending) {
				Row row = rows.get(key.hex());
				State next = change.apply(key, (row != null && !row.state().isExpired(now)) ? row.state() : null);
				if (row == null) {
					if (!insert(key, next)) {
						conflicts.add(key);
					}
				}
				else {
					updated.add(key);
					updates.add(new Object[] { next.failures(), timestamp(next.blockedUntil()),
							timestamp(next.expiresAt()), key.hex(), row.version() });
				}
			}
			if (!updates.isEmpty()) {
				int[] counts = this.jdbc.batchUpdate("update hybrid_auth_login_throttle set failures = ?, "
						+ "blocked_until = ?, expires_at = ?, version = version + 1 where throttle_key = ? "
						+ "and version = ?", updates);
				for (int i = 0; i < counts.length; i++) {
					if (counts[i] == 0) {
						conflicts.add(updated.get(i));
					}
				}
			}
			pending = conflicts;
		}
		if (!pending.isEmpty()) {
			logger.warn("A failed login could not be counted for " + pending.size() + " throttle key(s) after "
					+ MAX_ROUNDS + " concurrent updates");
		}
	}

	@Override
	void delete(ThrottleKey key) {
		this.jdbc.update("delete from hybrid_auth_login_throttle where throttle_key = ?", key.hex());
	}

	/**
	 * Deletes the rows that expired, in batches.
	 * @return how many rows were deleted
	 */
	int deleteExpired() {
		Timestamp now = Timestamp.from(clock().instant());
		int total = 0;
		int deleted;
		do {
			// the outer condition is checked again on a row another node has just updated
			deleted = this.jdbc.update("delete from hybrid_auth_login_throttle where throttle_key in (select "
					+ "throttle_key from hybrid_auth_login_throttle where expires_at <= ? fetch first "
					+ CLEANUP_BATCH_SIZE + " rows only) and expires_at <= ?", now, now);
			total += deleted;
		}
		while (deleted == CLEANUP_BATCH_SIZE);
		return total;
	}

	private Map<String, Row> rows(List<ThrottleKey> keys) {
		if (keys.isEmpty()) {
			return Collections.emptyMap();
		}
		String placeholders = String.join(", ", Collections.nCopies(keys.size(), "?"));
		Map<String, Row> rows = new LinkedHashMap<>();
		this.jdbc.query("select throttle_key, failures, blocked_until, expires_at, version from "
				+ "hybrid_auth_login_throttle where throttle_key in (" + placeholders + ")", (result) -> {
					Timestamp blockedUntil = result.getTimestamp("blocked_until");
					rows.put(result.getString("throttle_key"),
							new Row(new State(result.getInt("failures"),
									(blockedUntil != null) ? blockedUntil.getTime() : 0,
									result.getTimestamp("expires_at").getTime()), result.getLong("version")));
				}, keys.stream().map(ThrottleKey::hex).toArray());
		return rows;
	}

	private boolean insert(ThrottleKey key, State state) {
		try {
			this.jdbc.update(
					"insert into hybrid_auth_login_throttle (throttle_key, failures, blocked_until, "
							+ "expires_at, version) values (?, ?, ?, ?, 0)",
					key.hex(), state.failures(), timestamp(state.blockedUntil()), timestamp(state.expiresAt()));
			return true;
		}
		catch (DuplicateKeyException ex) {
			// another node inserted it first: read it and update it
			return false;
		}
	}

	private static Timestamp timestamp(long epochMillis) {
		return (epochMillis != 0) ? Timestamp.from(Instant.ofEpochMilli(epochMillis)) : null;
	}

	@Override
	public synchronized void start() {
		if (this.cleanup == null) {
			Duration window = Duration.ofMillis(rules().window());
			Duration interval = (window.compareTo(MIN_CLEANUP_INTERVAL) > 0) ? window : MIN_CLEANUP_INTERVAL;
			this.cleanup = this.scheduler.scheduleWithFixedDelay(this::deleteExpired, clock().instant().plus(interval),
					interval);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.cleanup != null) {
			this.cleanup.cancel(false);
			this.cleanup = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.cleanup != null;
	}

	private record Row(State state, long version) {

	}

}
