package dev.hybridauth.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.it.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup against a store: sessions that ended more than the retention period ago go,
 * in batches of bounded size, by one cleaner at a time; live sessions and recently ended
 * ones stay. On the in-memory store and on the JPA store on the embedded PostgreSQL, in a
 * schema of its own. The cleanups here are run by hand, never scheduled.
 */
class SessionCleanupTests {

	private static final Duration RETENTION = Duration.ofDays(1);

	private static final Duration INTERVAL = Duration.ofMinutes(15);

	private static final int BATCH_SIZE = 10;

	private static JpaStoreDatabase postgres;

	private final MutableClock clock = new MutableClock();

	/**
	 * Now, to the microsecond that the database keeps, so that a session read back equals
	 * the one written.
	 */
	private final Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);

	private final List<DeleteCall> deleteCalls = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startPostgres() {
		postgres = JpaStoreDatabase.postgres("hybrid_auth_cleanup_tests");
	}

	@AfterAll
	static void stopPostgres() {
		postgres.close();
	}

	@BeforeEach
	void emptyPostgres() {
		postgres.deleteAll();
	}

	@Test
	void runOnTheInMemoryStoreDeletesEveryEndedSessionPastTheRetentionInBoundedBatches() {
		runDeletesEveryEndedSessionPastTheRetentionInBoundedBatches(new InMemorySessionStore());
	}

	@Test
	void runOnPostgresDeletesEveryEndedSessionPastTheRetentionInBoundedBatches() {
		runDeletesEveryEndedSessionPastTheRetentionInBoundedBatches(postgres.store());
	}

	@Test
	void runOnTheInMemoryStoreDeletesRevocationLogRowsOlderThanTheJwtLifetime() {
		runDeletesRevocationLogRowsOlderThanTheJwtLifetime(new InMemorySessionStore());
	}

	@Test
	void runOnPostgresDeletesRevocationLogRowsOlderThanTheJwtLifetime() {
		runDeletesRevocationLogRowsOlderThanTheJwtLifetime(postgres.store());
	}

	private void runDeletesRevocationLogRowsOlderThanTheJwtLifetime(SessionStore store) {
		Duration jwtLifetime = Duration.ofMinutes(5).plusSeconds(30);
		List<String> kept = new ArrayList<>();
		for (int i = 0; i < BATCH_SIZE * 2 + 3; i++) {
			StoredSession session = StoredSession.started(SessionTokens.newSessionId(),
					SessionTokens.hash(SessionTokens.newToken()), "cleanup-log", List.of("ROLE_USER"),
					this.now.minus(Duration.ofHours(1)), this.now.plus(Duration.ofHours(1)),
					this.now.plus(Duration.ofHours(2)), null, null);
			store.insert(session, 0, SessionLimitPolicy.EVICT_OLDEST);
			boolean old = i < BATCH_SIZE * 2 + 1;
			store.revoke(session.sessionId(), RevocationReason.LOGOUT,
					(old) ? this.now.minus(jwtLifetime).minusSeconds(1) : this.now.minusSeconds(10));
			if (!old) {
				kept.add(session.sessionId());
			}
		}
		SessionCleanup cleanup = cleanup(store);
		cleanup.setRevocationRetention(jwtLifetime);

		cleanup.run();

		assertThat(store.revocationsAfter(0, 1000)).extracting(RevocationEntry::subject)
			.containsExactlyElementsOf(kept);
	}

	private void runDeletesEveryEndedSessionPastTheRetentionInBoundedBatches(SessionStore store) {
		Sessions sessions = insertDueAndKept(store);

		int deleted = cleanup(recordingDeletes(store)).run();

		assertThat(deleted).isEqualTo(150);
		assertThat(present(store, sessions.due())).isZero();
		assertThat(sessions.kept()).allSatisfy((session) -> assertThat(store.findById(session.sessionId()))
			.as("live and recently ended sessions stay as they were")
			.contains(session));
		List<Integer> expectedBatches = new ArrayList<>(Collections.nCopies(15, BATCH_SIZE));
		expectedBatches.add(0);
		assertThat(this.deleteCalls).extracting(DeleteCall::maxRows).containsOnly(BATCH_SIZE);
		assertThat(this.deleteCalls).extracting(DeleteCall::deleted)
			.as("full batches until one comes back short")
			.isEqualTo(expectedBatches);
		assertThat(this.deleteCalls).extracting(DeleteCall::endedBefore)
			.containsOnly(this.clock.instant().minus(RETENTION));
	}

	@Test
	void twoCleanersAtOnceOnPostgresDeleteEveryEndedSessionOnce() throws Exception {
		SessionStore store = recordingDeletes(postgres.store());
		Sessions sessions = insertDueAndKept(store);
		SessionCleanup first = cleanup(store);
		SessionCleanup second = cleanup(store);

		List<Integer> results = AbstractSessionStoreTests
			.inParallel(List.<Callable<Integer>>of(first::run, second::run));

		assertThat(results).as("one deletes them all; the other is refused the lease, or finds nothing left")
			.containsExactlyInAnyOrder(150, results.contains(-1) ? -1 : 0);
		assertThat(this.deleteCalls).extracting(DeleteCall::deleted)
			.allSatisfy((deleted) -> assertThat(deleted).isLessThanOrEqualTo(BATCH_SIZE));
		assertThat(this.deleteCalls.stream().mapToInt(DeleteCall::deleted).sum()).isEqualTo(150);
		assertThat(present(store, sessions.due())).isZero();
		assertThat(present(store, sessions.kept())).isEqualTo(sessions.kept().size());
	}

	@Test
	void runOnTheInMemoryStoreSkipsItsRoundWhileAnotherHolderHasTheLeaseAndTakesOverAnEndedLease() {
		runSkipsItsRoundWhileAnotherHolderHasTheLeaseAndTakesOverAnEndedLease(new InMemorySessionStore());
	}

	@Test
	void runOnPostgresSkipsItsRoundWhileAnotherHolderHasTheLeaseAndTakesOverAnEndedLease() {
		runSkipsItsRoundWhileAnotherHolderHasTheLeaseAndTakesOverAnEndedLease(postgres.store());
	}

	private void runSkipsItsRoundWhileAnotherHolderHasTheLeaseAndTakesOverAnEndedLease(SessionStore store) {
		List<StoredSession> due = IntStream.range(0, 10)
			.mapToObj((i) -> inserted(store, "store-idle", this.now.minus(Duration.ofDays(3)).plusSeconds(i)))
			.toList();
		Instant otherLeaseEnds = this.now.plus(Duration.ofMinutes(5));
		assertThat(store.acquireLease(SessionCleanup.LEASE, "other-node", this.now.minus(Duration.ofMinutes(10)),
				otherLeaseEnds))
			.isTrue();
		SessionCleanup cleanup = cleanup(store);
		assertThat(present(store, due)).isEqualTo(10);

		assertThat(cleanup.run()).as("skipped while the other node's lease runs").isEqualTo(-1);
		assertThat(present(store, due)).isEqualTo(10);

		this.clock.advance(Duration.ofMinutes(6));
		assertThat(cleanup.run()).as("the ended lease is taken over").isEqualTo(10);
		assertThat(present(store, due)).isZero();
		assertThat(store.acquireLease(SessionCleanup.LEASE, "other-node", this.clock.instant(),
				this.clock.instant().plus(INTERVAL)))
			.as("the cleaner gave the lease back when it was done")
			.isTrue();
	}

	/**
	 * 120 sessions that idle-expired and 30 that were revoked before the retention
	 * period; 10 live ones, and 5 that ended within it (revoked, or idle-expired).
	 */
	private Sessions insertDueAndKept(SessionStore store) {
		List<StoredSession> due = new ArrayList<>();
		List<StoredSession> kept = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			due.add(inserted(store, "store-idle", this.now.minus(Duration.ofDays(3)).plusSeconds(i)));
		}
		for (int i = 0; i < 30; i++) {
			StoredSession session = inserted(store, "store-revoked",
					this.now.minus(Duration.ofDays(2)).minusSeconds(i));
			due.add(revoked(store, session, this.now.minus(Duration.ofDays(2))));
		}
		for (int i = 0; i < 10; i++) {
			kept.add(inserted(store, "store-live", this.now.minus(Duration.ofMinutes(10))));
		}
		for (int i = 0; i < 3; i++) {
			StoredSession session = inserted(store, "store-recently-revoked", this.now.minus(Duration.ofMinutes(10)));
			kept.add(revoked(store, session, this.now.minus(Duration.ofHours(2))));
		}
		for (int i = 0; i < 2; i++) {
			kept.add(inserted(store, "store-recently-expired", this.now.minus(Duration.ofHours(3))));
		}
		return new Sessions(due, kept);
	}

	private SessionCleanup cleanup(SessionStore store) {
		return new SessionCleanup(store, new SimpleAsyncTaskScheduler(), this.clock, RETENTION, BATCH_SIZE, INTERVAL);
	}

	/**
	 * @return the store, recording in {@link #deleteCalls} what each {@code deleteEnded}
	 * was asked and answered
	 */
	private SessionStore recordingDeletes(SessionStore store) {
		return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
				new Class<?>[] { SessionStore.class }, (proxy, method, args) -> {
					Object result;
					try {
						result = method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					if (method.getName().equals("deleteEnded")) {
						this.deleteCalls.add(new DeleteCall((Instant) args[0], (int) args[1], (int) result));
					}
					return result;
				});
	}

	private static StoredSession inserted(SessionStore store, String userId, Instant startedAt) {
		StoredSession session = AbstractSessionStoreTests.session(userId, startedAt);
		assertThat(store.insert(session, 0, SessionLimitPolicy.EVICT_OLDEST)).isEmpty();
		return session;
	}

	private static StoredSession revoked(SessionStore store, StoredSession session, Instant now) {
		return store.revoke(session.sessionId(), RevocationReason.LOGOUT, now).orElseThrow();
	}

	private static long present(SessionStore store, List<StoredSession> sessions) {
		return sessions.stream().filter((session) -> store.findById(session.sessionId()).isPresent()).count();
	}

	private record Sessions(List<StoredSession> due, List<StoredSession> kept) {

	}

	private record DeleteCall(Instant endedBefore, int maxRows, int deleted) {

	}

}
