package dev.hybridauth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.hybridauth.HybridSession;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.SessionJwt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of the refreshes a node keeps for reuse: the window, the size, one refresh
 * in flight per session, and invalidation.
 */
class RecentRefreshesTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	@Test
	void findWhenTheWindowHasPassedThenNothingAndTheEntryIsDropped() {
		RecentRefreshes recent = new RecentRefreshes(WINDOW, 100);
		RecentRefreshes.Entry entry = recent.lead("s1", NOW);

		assertThat(recent.find("s1", NOW.plus(WINDOW).minusMillis(1))).as("positive control").isSameAs(entry);
		assertThat(recent.find("s1", NOW.plus(WINDOW))).isNull();
		assertThat(recent.size()).isZero();
		assertThat(recent.find("s1", NOW.minusSeconds(1))).as("a clock set back").isNull();
	}

	@Test
	void leadWhenARefreshOfTheSessionStartedWithinTheWindowThenNull() {
		RecentRefreshes recent = new RecentRefreshes(WINDOW, 100);
		assertThat(recent.lead("s1", NOW)).isNotNull();

		assertThat(recent.lead("s1", NOW.plusSeconds(9))).isNull();
		assertThat(recent.lead("s2", NOW.plusSeconds(9))).as("another session").isNotNull();
		assertThat(recent.lead("s1", NOW.plus(WINDOW))).as("once the window has passed").isNotNull();
	}

	@Test
	void leadWhenFullThenTheOldestIsDropped() {
		RecentRefreshes recent = new RecentRefreshes(WINDOW, 3);
		for (int i = 0; i < 5; i++) {
			recent.lead("s" + i, NOW.plusMillis(i));
		}

		assertThat(recent.size()).isEqualTo(3);
		assertThat(recent.find("s0", NOW.plusMillis(5))).isNull();
		assertThat(recent.find("s1", NOW.plusMillis(5))).isNull();
		assertThat(recent.find("s4", NOW.plusMillis(5))).isNotNull();
	}

	@Test
	void awaitWhenInFlightThenTheOutcomeOnceCompleted() throws Exception {
		RecentRefreshes recent = new RecentRefreshes(WINDOW, 100);
		RecentRefreshes.Entry entry = recent.lead("s1", NOW);
		CompletableFuture<RefreshedSession> waiter = CompletableFuture.supplyAsync(() -> entry.await(WINDOW));
		Thread.sleep(50);
		assertThat(waiter).isNotDone();

		RefreshedSession refreshed = refreshed();
		entry.complete(refreshed);

		assertThat(waiter.get(5, TimeUnit.SECONDS)).isSameAs(refreshed);
		assertThat(recent.lead("s2", NOW).await(Duration.ofMillis(10))).as("a refresh that does not finish in time")
			.isNull();
	}

	@Test
	void invalidateThenNothingIsReusedAndItWaitsForAReuseBeingDelivered() throws Exception {
		RecentRefreshes recent = new RecentRefreshes(WINDOW, 100);
		RecentRefreshes.Entry entry = recent.lead("s1", NOW);
		RefreshedSession refreshed = refreshed();
		entry.complete(refreshed);
		CountDownLatch delivering = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Optional<RefreshedSession>> reuse = CompletableFuture
			.supplyAsync(() -> entry.reuseUnlessInvalid(() -> {
				delivering.countDown();
				await(release);
				return Optional.of(refreshed);
			}));
		assertThat(delivering.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> invalidation = CompletableFuture.runAsync(() -> recent.invalidate("s1"));
		Thread.sleep(50);
		assertThat(invalidation).as("waits for the reuse being delivered").isNotDone();
		release.countDown();
		invalidation.get(5, TimeUnit.SECONDS);

		assertThat(reuse.get(5, TimeUnit.SECONDS)).as("delivered before the invalidation returned").isPresent();
		assertThat(entry.reuseUnlessInvalid(() -> Optional.of(refreshed))).as("after it").isEmpty();
		assertThat(recent.find("s1", NOW)).isNull();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static RefreshedSession refreshed() {
		HybridSession session = new HybridSession("s1", "alice", List.of("ROLE_USER"), NOW, NOW, NOW.plusSeconds(1800),
				NOW.plusSeconds(28800), NOW, null, null);
		return new RefreshedSession(session, new SessionJwt("a.b.c", NOW, NOW.plusSeconds(300)));
	}

}
