package dev.hybridauth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;

import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.revocation.RevocationView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Keeps this node's {@link RevocationView} current from the store's revocation log: at
 * start, before the web server takes requests, it loads the log; then it reads the rows
 * after the last one seen every poll interval, and at once when the
 * {@link RevocationListener} hears of new rows. A poll that fails (the database is down)
 * is logged and retried at the next one; requests go on with the view they have. When no
 * read has succeeded for longer than the maximum delay, the feed is silent: it says so in
 * the log and the metrics until a read succeeds again.
 * <p>
 * Ids are taken when a row is inserted but become visible when its transaction commits,
 * so a row with a lower id can appear after a higher one was read. The feed therefore
 * remembers the ids it skipped (gaps) and reads again from the oldest of them until it
 * appears or is older than {@link #GAP_TIMEOUT} (a rolled-back insert leaves a gap for
 * good). Applying a row twice changes nothing.
 * <p>
 * Public for its state only ({@link #lastPollAt()}, {@link #isSilent()},
 * {@link #isListening()}), which the actuator endpoint and health component report; an
 * application does not create or drive it.
 */
public final class RevocationFeed implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RevocationFeed.class);

	static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_GAPS = 10_000;

	private final SessionStore store;

	private final RevocationView view;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final Duration interval;

	private final Duration maxDelay;

	private final int batchSize;

	private final NavigableMap<Long, Instant> gaps = new TreeMap<>();

	private long lastId;

	private volatile Instant lastPollAt;

	private volatile Boolean listening;

	private volatile boolean silent;

	private volatile boolean failing;

	private ScheduledFuture<?> schedule;

	private HybridAuthMetrics metrics = HybridAuthMetrics.NONE;

	RevocationFeed(SessionStore store, RevocationView view, TaskScheduler scheduler, Clock clock, Duration interval,
			Duration maxDelay, int batchSize) {
		Assert.isTrue(!interval.isNegative() && !interval.isZero(), "interval must be positive");
		Assert.isTrue(!maxDelay.isNegative() && !maxDelay.isZero(), "maxDelay must be positive");
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
		this.store = store;
		this.view = view;
		this.scheduler = scheduler;
		this.clock = clock;
		this.interval = interval;
		this.maxDelay = maxDelay;
		this.batchSize = batchSize;
		if (interval.compareTo(maxDelay) >= 0) {
			logger.warn("The revocation poll interval (" + interval.toMillis() + " ms) is not below the max delay ("
					+ maxDelay.toMillis() + " ms): without notifications, revocations take longer than the max delay "
					+ "to reach this node, and the feed reports itself silent between polls");
		}
	}

	/**
	 * Reads the log rows this node has not seen yet into the view, and removes the view's
	 * expired entries.
	 * @return how many rows were read
	 */
	synchronized int poll() {
		Instant now = this.clock.instant();
		this.gaps.values().removeIf((since) -> since.plus(GAP_TIMEOUT).isBefore(now));
		long cursor = (this.gaps.isEmpty()) ? this.lastId : Math.min(this.lastId, this.gaps.firstKey() - 1);
		int read = 0;
		List<RevocationEntry> entries;
		do {
			entries = this.store.revocationsAfter(cursor, this.batchSize);
			for (RevocationEntry entry : entries) {
				apply(entry, now);
				cursor = entry.id();
			}
			read += entries.size();
		}
		while (entries.size() == this.batchSize);
		this.view.expire();
		this.lastPollAt = now;
		return read;
	}

	private void apply(RevocationEntry entry, Instant now) {
		if (entry.kind() == RevocationEntry.Kind.SESSION) {
			this.view.sessionRevoked(entry.subject(), entry.notBefore());
		}
		else {
			this.view.userChanged(entry.subject(), entry.notBefore());
		}
		this.gaps.remove(entry.id());
		if (entry.id() > this.lastId) {
			// before the first row a node reads, ids were deleted by the cleanup, not
			// skipped
			long firstMissing = (this.lastPollAt != null || this.lastId > 0) ? this.lastId + 1 : entry.id();
			for (long missing = firstMissing; missing < entry.id() && this.gaps.size() < MAX_GAPS; missing++) {
				this.gaps.put(missing, now);
			}
			this.lastId = entry.id();
		}
	}

	/**
	 * Sets where the polls are counted (by default, nowhere).
	 * @param metrics the metrics
	 */
	void setMetrics(HybridAuthMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Reads the log at once: the listener heard of new rows, or (with {@code 0}) it
	 * connected and may have missed some.
	 * @param notifications how many notifications it received
	 */
	void notified(int notifications) {
		if (notifications > 0) {
			this.metrics.revocationNotifications(notifications);
		}
		pollQuietly();
	}

	/**
	 * Records whether the listener holds its connection.
	 * @param listening whether notifications can arrive
	 */
	void listening(boolean listening) {
		this.listening = listening;
		this.metrics.revocationFeedState(listening, this.silent);
	}

	private void pollQuietly() {
		try {
			int read = poll();
			this.metrics.revocationPoll(true, read, this.view.size());
			this.failing = false;
		}
		catch (RuntimeException ex) {
			this.metrics.revocationPoll(false, 0, this.view.size());
			// once per outage: the failed polls that follow are counted in the metrics
			if (!this.failing) {
				logger
					.warn("Could not read the revocation log; the view keeps what it has: " + ex.getClass().getName());
			}
			this.failing = true;
		}
		updateSilence();
	}

	private void updateSilence() {
		boolean nowSilent = isSilent();
		if (nowSilent != this.silent) {
			this.silent = nowSilent;
			if (nowSilent) {
				logger.warn("The revocation feed is silent: no read of the revocation log for more than "
						+ this.maxDelay.toMillis() + " ms; revocations on other nodes wait until it reads again");
			}
			else {
				logger.info("The revocation feed reads the revocation log again");
			}
		}
		this.metrics.revocationFeedState(Boolean.TRUE.equals(this.listening), nowSilent);
	}

	/**
	 * Returns when the log was last read completely.
	 * @return the time of the last successful poll, or {@code null} before the first
	 */
	public Instant lastPollAt() {
		return this.lastPollAt;
	}

	/**
	 * Tells whether the feed has gone longer than the maximum delay without reading the
	 * log, so that revocations made on other nodes may not have reached this one in time.
	 * @return whether the feed is silent
	 */
	public boolean isSilent() {
		Instant last = this.lastPollAt;
		return last == null || Duration.between(last, this.clock.instant()).compareTo(this.maxDelay) > 0;
	}

	/**
	 * Tells whether notifications can arrive.
	 * @return whether the listener holds its connection, or {@code null} without a
	 * listener (not PostgreSQL, or listening turned off)
	 */
	public Boolean isListening() {
		return this.listening;
	}

	@Override
	public synchronized void start() {
		if (this.schedule == null) {
			pollQuietly();
			this.schedule = this.scheduler.scheduleWithFixedDelay(this::pollQuietly, this.interval);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.schedule != null) {
			this.schedule.cancel(false);
			this.schedule = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.schedule != null;
	}

	/**
	 * Starts before the web server, so that a node loads the log before it serves.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4096;
	}

}
