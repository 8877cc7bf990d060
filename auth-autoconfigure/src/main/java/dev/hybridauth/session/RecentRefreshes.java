package dev.hybridauth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import dev.hybridauth.RefreshedSession;

import org.springframework.util.Assert;

/**
 * The refreshes of the last reuse window on this node, by session id, so that concurrent
 * or repeated refreshes of one session share one JWT: the first refreshes (one signature,
 * one write) and the others wait for it and reuse what it issued. Bounded: an entry is
 * never served once the window has passed, nor after its session was revoked on this
 * node, and at most {@code maxEntries} sessions are kept, the oldest dropped first.
 */
final class RecentRefreshes {

	private final Duration window;

	private final int maxEntries;

	// insertion order is the order of the entries' start, so that the expired ones are
	// at the head
	private final Map<String, Entry> entries = new LinkedHashMap<>();

	RecentRefreshes(Duration window, int maxEntries) {
		Assert.isTrue(!window.isNegative() && !window.isZero(), "window must be positive");
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		this.window = window;
		this.maxEntries = maxEntries;
	}

	Duration window() {
		return this.window;
	}

	/**
	 * The entry of a refresh of the session started within the window, done or in flight.
	 * @param sessionId the session
	 * @param now the current time
	 * @return the entry, or {@code null} when there is none
	 */
	synchronized Entry find(String sessionId, Instant now) {
		dropExpired(now);
		Entry entry = this.entries.get(sessionId);
		return (entry != null && entry.isWithinWindow(now)) ? entry : null;
	}

	/**
	 * Makes the caller the one that refreshes the session, unless another already is.
	 * @param sessionId the session
	 * @param now the current time
	 * @return the caller's entry, to complete, or {@code null} when another refresh of
	 * the session started within the window
	 */
	synchronized Entry lead(String sessionId, Instant now) {
		dropExpired(now);
		Entry existing = this.entries.get(sessionId);
		if (existing != null && existing.isWithinWindow(now)) {
			return null;
		}
		this.entries.remove(sessionId);
		Entry entry = new Entry(now, now.plus(this.window));
		this.entries.put(sessionId, entry);
		if (this.entries.size() > this.maxEntries) {
			Iterator<Entry> eldest = this.entries.values().iterator();
			eldest.next();
			eldest.remove();
		}
		return entry;
	}

	/**
	 * Drops an entry that is not to be reused (its refresh failed, or found the session
	 * no longer live), unless another has replaced it.
	 * @param sessionId the session
	 * @param entry the entry
	 */
	synchronized void forget(String sessionId, Entry entry) {
		this.entries.remove(sessionId, entry);
	}

	/**
	 * Drops the session's entry and marks it invalid, once no caller is handing out what
	 * it holds: after this returns, nothing of it is handed out any more.
	 * @param sessionId a session revoked or re-authenticated
	 */
	void invalidate(String sessionId) {
		Entry entry;
		synchronized (this) {
			entry = this.entries.remove(sessionId);
		}
		if (entry != null) {
			entry.invalidate();
		}
	}

	synchronized int size() {
		return this.entries.size();
	}

	private void dropExpired(Instant now) {
		Iterator<Entry> iterator = this.entries.values().iterator();
		while (iterator.hasNext()) {
			if (iterator.next().isWithinWindow(now)) {
				return;
			}
			iterator.remove();
		}
	}

	/**
	 * One refresh of a session: in flight until its outcome is set, then the JWT it
	 * issued, reused until the window ends or the entry is invalidated.
	 */
	static final class Entry {

		private final Instant startedAt;

		private final Instant reusableUntil;

		private final CountDownLatch done = new CountDownLatch(1);

		private final ReadWriteLock lock = new ReentrantReadWriteLock();

		private volatile RefreshedSession refreshed;

		private boolean invalid;

		private Entry(Instant startedAt, Instant reusableUntil) {
			this.startedAt = startedAt;
			this.reusableUntil = reusableUntil;
		}

		boolean isWithinWindow(Instant now) {
			return now.isBefore(this.reusableUntil) && !now.isBefore(this.startedAt);
		}

		/**
		 * Sets the outcome of the refresh and releases those waiting for it.
		 * @param refreshed the refreshed session, or {@code null} when the refresh failed
		 * or found the session no longer live
		 */
		void complete(RefreshedSession refreshed) {
			this.refreshed = refreshed;
			this.done.countDown();
		}

		/**
		 * Waits for the refresh's outcome, at most {@code timeout}.
		 * @param timeout the longest wait
		 * @return the refreshed session, or {@code null} when the refresh failed, found
		 * nothing, or had not finished in time
		 */
		RefreshedSession await(Duration timeout) {
			try {
				return this.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? this.refreshed : null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}

		/**
		 * Runs a reuse of the entry unless it was invalidated, holding off invalidation
		 * until the reuse has returned: a revocation on this node that invalidates the
		 * entry returns only after every reuse running has delivered.
		 * @param reuse checks what can be reused and delivers it
		 * @return what {@code reuse} returned, or empty when the entry is invalid
		 */
		Optional<RefreshedSession> reuseUnlessInvalid(Supplier<Optional<RefreshedSession>> reuse) {
			this.lock.readLock().lock();
			try {
				return this.invalid ? Optional.empty() : reuse.get();
			}
			finally {
				this.lock.readLock().unlock();
			}
		}

		private void invalidate() {
			this.lock.writeLock().lock();
			try {
				this.invalid = true;
			}
			finally {
				this.lock.writeLock().unlock();
			}
		}

	}

}
