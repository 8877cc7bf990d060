package dev.hybridauth.session;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.revocation.RevocationView;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed reads the log into the view, and reads again from an id it skipped, because a
 * row with a lower id can commit after a higher one was read.
 */
class RevocationFeedTests {

	private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

	@Test
	void aRowThatCommitsAfterAHigherOneIsStillRead() {
		RevocationView view = new RevocationView(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
		LogStore log = new LogStore();
		RevocationFeed feed = new RevocationFeed(log.store(), view, new ThreadPoolTaskScheduler(),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1), Duration.ofSeconds(2), 10);
		log.rows.add(entry(1, "s1"));
		log.rows.add(entry(3, "s3"));
		assertThat(feed.poll()).isEqualTo(2);
		assertThat(view.isRevoked("s3", "bob", NOW.minusSeconds(1))).isTrue();

		log.rows.add(1, entry(2, "s2"));
		feed.poll();

		assertThat(view.isRevoked("s2", "bob", NOW.minusSeconds(1))).as("the late row").isTrue();
		assertThat(view.isRevoked("s4", "bob", NOW.minusSeconds(1))).as("positive control").isFalse();
	}

	@Test
	void aFailingPollLeavesTheViewAndTheNextOneCatchesUp() {
		RevocationView view = new RevocationView(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
		LogStore log = new LogStore();
		RevocationFeed feed = new RevocationFeed(log.store(), view, new ThreadPoolTaskScheduler(),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1), Duration.ofSeconds(2), 1);
		log.rows.add(entry(1, "s1"));
		feed.poll();
		log.failing = true;
		log.rows.add(entry(2, "s2"));
		log.rows.add(entry(3, "s3"));

		try {
			feed.poll();
		}
		catch (RuntimeException ex) {
			// as the scheduled poll logs it
		}
		assertThat(view.isRevoked("s1", "bob", NOW.minusSeconds(1))).isTrue();
		log.failing = false;
		assertThat(feed.poll()).as("batches of one, until none is left").isEqualTo(2);
		assertThat(view.isRevoked("s3", "bob", NOW.minusSeconds(1))).isTrue();
	}

	@Test
	void theFeedIsSilentOnceNoReadSucceededForLongerThanTheMaxDelay() {
		MutableTestClock clock = new MutableTestClock();
		RevocationView view = new RevocationView(Duration.ofMinutes(5), clock);
		LogStore log = new LogStore();
		List<Boolean> silences = new ArrayList<>();
		RevocationFeed feed = new RevocationFeed(log.store(), view, new ThreadPoolTaskScheduler(), clock,
				Duration.ofSeconds(1), Duration.ofSeconds(2), 10);
		feed.setMetrics(new HybridAuthMetrics() {
			@Override
			public void revocationFeedState(boolean listening, boolean silent) {
				silences.add(silent);
			}
		});
		assertThat(feed.isSilent()).as("before the first read").isTrue();
		feed.notified(0);
		assertThat(feed.isSilent()).isFalse();

		log.failing = true;
		clock.now = NOW.plusSeconds(2);
		feed.notified(0);
		assertThat(feed.isSilent()).as("reads fail, but for no longer than the max delay yet").isFalse();
		clock.now = NOW.plusSeconds(3);
		feed.notified(0);
		assertThat(feed.isSilent()).as("reads failed for longer than the max delay").isTrue();

		log.failing = false;
		feed.notified(0);
		assertThat(feed.isSilent()).as("a read succeeded again").isFalse();
		assertThat(silences).containsExactly(false, false, true, false);
	}

	private static RevocationEntry entry(long id, String sessionId) {
		return new RevocationEntry(id, RevocationEntry.Kind.SESSION, sessionId, "bob", NOW.minusMillis(500));
	}

	private static final class MutableTestClock extends Clock {

		Instant now = NOW;

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	/**
	 * A log that only answers reads, and can fail them.
	 */
	private static final class LogStore {

		final List<RevocationEntry> rows = new ArrayList<>();

		boolean failing;

		SessionStore store() {
			return (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { SessionStore.class }, (proxy, method, args) -> {
						if (!method.getName().equals("revocationsAfter")) {
							throw new UnsupportedOperationException(method.getName());
						}
						if (this.failing) {
							throw new DataAccessResourceFailureException("down");
						}
						long afterId = (long) args[0];
						int maxRows = (int) args[1];
						return this.rows.stream().filter((row) -> row.id() > afterId).limit(maxRows).toList();
					});
		}

	}

}
