package dev.hybridauth.session;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Deletes sessions that ended (revoked, or past their idle or absolute expiry) more than
 * the retention period ago, in batches of bounded size, so that no statement holds many
 * locks or runs long. When several nodes share the store, one at a time runs it: a node
 * takes the store's {@code session-cleanup} lease and the others skip that round. The
 * same run deletes the revocation log rows that no valid JWT can concern any more.
 */
class SessionCleanup implements SmartLifecycle {

	static final String LEASE = "session-cleanup";

	private final SessionStore store;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final Duration retention;

	private final int batchSize;

	private final Duration interval;

	private final String nodeId = nodeName() + "/" + UUID.randomUUID();

	private ScheduledFuture<?> schedule;

	private Duration revocationRetention;

	/**
	 * Creates the cleanup; it is scheduled when the application context starts, first one
	 * interval after that.
	 * @param store the session store
	 * @param scheduler where the cleanup runs
	 * @param clock the clock
	 * @param retention how long ended sessions are kept (for audit) before they are
	 * deleted
	 * @param batchSize the most rows one delete statement removes
	 * @param interval how often the cleanup runs: the lease lasts that long
	 */
	SessionCleanup(SessionStore store, TaskScheduler scheduler, Clock clock, Duration retention, int batchSize,
			Duration interval) {
		Assert.isTrue(!retention.isNegative(), "retention cannot be negative");
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
		Assert.isTrue(!interval.isNegative() && !interval.isZero(), "interval must be positive");
		this.store = store;
		this.scheduler = scheduler;
		this.clock = clock;
		this.retention = retention;
		this.batchSize = batchSize;
		this.interval = interval;
	}

	/**
	 * Sets how long revocation log rows are kept: once no JWT they concern can still be
	 * valid (the JWT lifetime plus the clock skew), they are deleted with the sessions.
	 * @param revocationRetention the age after which revocation log rows are deleted, or
	 * {@code null} to keep them
	 */
	void setRevocationRetention(Duration revocationRetention) {
		this.revocationRetention = revocationRetention;
	}

	/**
	 * Runs one cleanup if no other node is running one.
	 * @return how many sessions were deleted, or {@code -1} when another node holds the
	 * lease
	 */
	int run() {
		Instant now = this.clock.instant();
		if (!this.store.acquireLease(LEASE, this.nodeId, now, now.plus(this.interval))) {
			return -1;
		}
		try {
			Instant cutoff = now.minus(this.retention);
			int total = 0;
			int deleted;
			do {
				deleted = this.store.deleteEnded(cutoff, this.batchSize);
				total += deleted;
			}
			while (deleted == this.batchSize);
			if (this.revocationRetention != null) {
				Instant revocationCutoff = now.minus(this.revocationRetention);
				while (this.store.deleteRevocationsBefore(revocationCutoff, this.batchSize) == this.batchSize) {
					// until no more are due
				}
			}
			return total;
		}
		finally {
			this.store.releaseLease(LEASE, this.nodeId);
		}
	}

	@Override
	public synchronized void start() {
		if (this.schedule == null) {
			this.schedule = this.scheduler.scheduleWithFixedDelay(this::run, this.clock.instant().plus(this.interval),
					this.interval);
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

	private static String nodeName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			return "node";
		}
	}

}
