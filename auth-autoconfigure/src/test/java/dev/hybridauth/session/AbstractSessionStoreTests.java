package dev.hybridauth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of {@link SessionStore}, run against every implementation: what each
 * method changes, and what it leaves alone. Each test starts on an empty store; user ids
 * start with {@code store-}. Times are fixed instants with microseconds, the precision
 * the databases keep, so that a session read back equals the one written.
 */
abstract class AbstractSessionStoreTests {

	static final Instant NOW = Instant.parse("2030-01-01T12:00:00.123456Z");

	static final Duration IDLE = Duration.ofMinutes(30);

	static final Duration ABSOLUTE = Duration.ofHours(8);

	static final List<String> AUTHORITIES = List.of("ROLE_USER", "ROLE_AUDITOR");

	static final List<String> NEW_AUTHORITIES = List.of("ROLE_USER", "ROLE_ADMIN");

	static final String BOB = "store-bob";

	static final String CAROL = "store-carol";

	static final String LEASE = "store-test-lease";

	static final String OTHER_LEASE = "store-test-other-lease";

	private static final int PARALLEL_INSERTS = 16;

	/**
	 * @return the store under test
	 */
	abstract SessionStore store();

	/**
	 * Removes every session and lease of the store under test; runs before each test.
	 */
	abstract void emptyStore();

	@BeforeEach
	void startEmpty() {
		emptyStore();
	}

	// insert, findByTokenHash, findById

	@Test
	void insertThenFoundByTokenHashAndByIdWithEveryField() {
		StoredSession session = session(BOB, NOW);

		assertThat(store().insert(session, 0, SessionLimitPolicy.EVICT_OLDEST)).isEmpty();

		assertThat(store().findByTokenHash(session.tokenHash())).contains(session);
		assertThat(store().findById(session.sessionId())).contains(session);
		assertThat(store().findByTokenHash(SessionTokens.hash(SessionTokens.newToken()))).isEmpty();
		assertThat(store().findById(SessionTokens.newSessionId())).isEmpty();
	}

	@Test
	void findWhenSessionRevokedOrExpiredThenStillFound() {
		StoredSession revoked = revoked(inserted(BOB, NOW.minusSeconds(60)), RevocationReason.LOGOUT, NOW);
		StoredSession expired = inserted(session(BOB, NOW.minus(ABSOLUTE), NOW.minusSeconds(1), NOW.minusSeconds(1)));

		assertThat(store().findByTokenHash(revoked.tokenHash())).contains(revoked);
		assertThat(store().findById(revoked.sessionId())).contains(revoked);
		assertThat(store().findByTokenHash(expired.tokenHash())).contains(expired);
		assertThat(store().findById(expired.sessionId())).contains(expired);
	}

	@Test
	void insertOrReauthenticateWhenTokenHashOrIdAlreadyUsedThenRefusedAndFirstSessionKept() {
		StoredSession first = inserted(BOB, NOW);
		StoredSession sameTokenHash = session(SessionTokens.newSessionId(), first.tokenHash(), CAROL, NOW);
		StoredSession sameId = session(first.sessionId(), SessionTokens.hash(SessionTokens.newToken()), CAROL, NOW);
		StoredSession other = session(CAROL, NOW);

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> store().insert(sameTokenHash, 0, SessionLimitPolicy.EVICT_OLDEST));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> store().insert(sameId, 0, SessionLimitPolicy.EVICT_OLDEST));
		store().insert(other, 0, SessionLimitPolicy.EVICT_OLDEST);
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> store()
			.reauthenticate(other.sessionId(), first.tokenHash(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES));

		assertThat(store().findByTokenHash(first.tokenHash())).contains(first);
		assertThat(store().findById(first.sessionId())).contains(first);
		assertThat(store().findById(sameTokenHash.sessionId())).isEmpty();
		assertThat(store().findByTokenHash(sameId.tokenHash())).isEmpty();
		assertThat(store().findLiveByUser(CAROL, NOW)).containsExactly(other);
		assertThat(store().findByTokenHash(other.tokenHash())).contains(other);
	}

	@Test
	void authoritiesWhenSeveralOneOrNoneThenReadBackInTheirOrder() {
		StoredSession several = inserted(
				session(SessionTokens.newSessionId(), SessionTokens.hash(SessionTokens.newToken()), BOB, NOW,
						List.of("SCOPE_read", "ROLE_USER", "ROLE_A"), "10.0.0.1", "junit"));
		StoredSession one = inserted(session(SessionTokens.newSessionId(), SessionTokens.hash(SessionTokens.newToken()),
				BOB, NOW, List.of("ROLE_USER"), "10.0.0.1", "junit"));
		StoredSession none = inserted(session(SessionTokens.newSessionId(),
				SessionTokens.hash(SessionTokens.newToken()), BOB, NOW, List.of(), "10.0.0.1", "junit"));

		assertThat(stored(several).authorities()).containsExactly("SCOPE_read", "ROLE_USER", "ROLE_A");
		assertThat(stored(one).authorities()).containsExactly("ROLE_USER");
		assertThat(stored(none).authorities()).isEmpty();

		assertThat(store().refresh(several.sessionId(), NOW, NOW.plus(IDLE), List.of())).isTrue();
		assertThat(store().refresh(none.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isTrue();
		assertThat(stored(several).authorities()).isEmpty();
		assertThat(stored(none).authorities()).isEqualTo(NEW_AUTHORITIES);
	}

	@Test
	void authoritiesWhenAnyStringThenReadBackExactly() {
		List<String> unusual = List.of("ROLE A", "  two  spaces  ", "", "quote\" and \\ backslash", "ÄÖÜ 😀 日本",
				"tab\tnew\nline", "[not, json]");
		List<String> many = java.util.stream.IntStream.range(0, 2_000)
			.mapToObj((i) -> "SCOPE_" + "x".repeat(40) + i)
			.toList();
		StoredSession withUnusual = inserted(session(SessionTokens.newSessionId(),
				SessionTokens.hash(SessionTokens.newToken()), BOB, NOW, unusual, "10.0.0.1", "junit"));
		StoredSession withMany = inserted(session(SessionTokens.newSessionId(),
				SessionTokens.hash(SessionTokens.newToken()), BOB, NOW, many, "10.0.0.1", "junit"));

		assertThat(stored(withUnusual).authorities()).isEqualTo(unusual);
		assertThat(stored(withMany).authorities()).isEqualTo(many);
		assertThat(store().updateAuthorities(BOB, unusual)).isEqualTo(2);
		assertThat(stored(withMany).authorities()).isEqualTo(unusual);
		assertThat(store().findLiveByUser(BOB, NOW))
			.allSatisfy((session) -> assertThat(session.authorities()).isEqualTo(unusual));
	}

	@Test
	void insertWhenIpAddressAndUserAgentTooLongThenKeptTruncatedToTheLimits() {
		String longIp = "2001:db8:" + "1".repeat(200);
		String longUserAgent = "Mozilla/5.0 " + "x".repeat(5000);
		StoredSession tooLong = inserted(session(SessionTokens.newSessionId(),
				SessionTokens.hash(SessionTokens.newToken()), BOB, NOW, AUTHORITIES, longIp, longUserAgent));
		StoredSession atTheLimits = inserted(session(SessionTokens.newSessionId(),
				SessionTokens.hash(SessionTokens.newToken()), BOB, NOW, AUTHORITIES,
				"a".repeat(StoredSession.IP_ADDRESS_MAX_LENGTH), "b".repeat(StoredSession.USER_AGENT_MAX_LENGTH)));
		StoredSession unknownClient = inserted(session(SessionTokens.newSessionId(),
				SessionTokens.hash(SessionTokens.newToken()), BOB, NOW, AUTHORITIES, null, null));

		assertThat(stored(tooLong).ipAddress()).isEqualTo(longIp.substring(0, StoredSession.IP_ADDRESS_MAX_LENGTH));
		assertThat(stored(tooLong).userAgent())
			.isEqualTo(longUserAgent.substring(0, StoredSession.USER_AGENT_MAX_LENGTH));
		assertThat(stored(atTheLimits).ipAddress()).isEqualTo("a".repeat(StoredSession.IP_ADDRESS_MAX_LENGTH));
		assertThat(stored(atTheLimits).userAgent()).isEqualTo("b".repeat(StoredSession.USER_AGENT_MAX_LENGTH));
		assertThat(stored(unknownClient).ipAddress()).isNull();
		assertThat(stored(unknownClient).userAgent()).isNull();
	}

	// findLiveByUser

	@Test
	void findLiveByUserThenOnlyLiveSessionsOfThatUserNewestFirst() {
		StoredSession oldest = inserted(BOB, NOW.minus(Duration.ofMinutes(25)));
		StoredSession middle = inserted(BOB, NOW.minus(Duration.ofMinutes(15)));
		StoredSession newest = inserted(BOB, NOW.minusSeconds(60));
		StoredSession revoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(20))), RevocationReason.LOGOUT,
				NOW.minusSeconds(1));
		StoredSession idleExpired = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(100)), NOW, NOW.plus(Duration.ofHours(1))));
		StoredSession absoluteExpired = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(110)), NOW.plus(Duration.ofMinutes(20)), NOW));
		StoredSession carols = inserted(CAROL, NOW.minusSeconds(30));

		assertThat(ids(store().findLiveByUser(BOB, NOW))).containsExactly(newest.sessionId(), middle.sessionId(),
				oldest.sessionId());
		assertThat(ids(store().findLiveByUser(BOB, NOW.minusNanos(1000))))
			.as("a microsecond before, the expired ones were live; the revoked one was not")
			.containsExactly(newest.sessionId(), middle.sessionId(), oldest.sessionId(), idleExpired.sessionId(),
					absoluteExpired.sessionId());
		assertThat(ids(store().findLiveByUser(CAROL, NOW))).containsExactly(carols.sessionId());
		assertThat(store().findLiveByUser("store-nobody", NOW)).isEmpty();
	}

	// countLive

	@Test
	void countLiveThenCountsTheLiveSessionsOfEveryUserAndNoEndedOnes() {
		assertThat(store().countLive(NOW)).as("an empty store").hasValue(0);
		inserted(BOB, NOW.minus(Duration.ofMinutes(25)));
		inserted(BOB, NOW.minusSeconds(60));
		inserted(CAROL, NOW.minusSeconds(30));
		revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(20))), RevocationReason.LOGOUT, NOW.minusSeconds(1));
		inserted(session(CAROL, NOW.minus(Duration.ofMinutes(100)), NOW, NOW.plus(Duration.ofHours(1))));
		inserted(session(CAROL, NOW.minus(Duration.ofMinutes(110)), NOW.plus(Duration.ofMinutes(20)), NOW));

		assertThat(store().countLive(NOW)).as("three live; one revoked, one idle- and one absolute-expired")
			.hasValue(3);
		assertThat(store().countLive(NOW.minusNanos(1000))).as("a microsecond before, the expired ones were live")
			.hasValue(5);
		assertThat(store().countLive(NOW.plus(ABSOLUTE))).as("after every expiry").hasValue(0);
	}

	// touch

	@Test
	void touchWhenLastAccessNotAfterTheBoundThenRecordsAccessAndIdleExpiry() {
		StoredSession session = inserted(BOB, NOW);
		Instant later = NOW.plusSeconds(90);

		assertThat(store().touch(session.sessionId(), later, later.plus(IDLE), NOW)).isTrue();

		assertThat(stored(session)).isEqualTo(session.accessed(later, later.plus(IDLE)));
	}

	@Test
	void touchWhenAnotherAccessWasRecordedAfterTheBoundThenNothingChanges() {
		StoredSession session = inserted(BOB, NOW);
		Instant first = NOW.plusSeconds(60);
		Instant second = NOW.plusSeconds(61);

		assertThat(store().touch(session.sessionId(), first, first.plus(IDLE), NOW)).isTrue();
		StoredSession afterFirst = stored(session);
		assertThat(store().touch(session.sessionId(), second, second.plus(IDLE), NOW.plusSeconds(30))).isFalse();

		assertThat(afterFirst).isEqualTo(session.accessed(first, first.plus(IDLE)));
		assertThat(stored(session)).isEqualTo(afterFirst);
	}

	@Test
	void touchWhenRevokedThenRefusedAndRowUnchanged() {
		StoredSession live = inserted(BOB, NOW);
		StoredSession revoked = revoked(inserted(BOB, NOW), RevocationReason.LOGOUT, NOW.plusSeconds(10));
		Instant later = NOW.plusSeconds(90);

		assertThat(store().touch(live.sessionId(), later, later.plus(IDLE), later)).isTrue();
		assertThat(store().touch(revoked.sessionId(), later, later.plus(IDLE), later)).isFalse();
		assertThat(store().touch(SessionTokens.newSessionId(), later, later.plus(IDLE), later)).isFalse();

		assertThat(stored(live)).isEqualTo(live.accessed(later, later.plus(IDLE)));
		assertThat(stored(revoked)).isEqualTo(revoked);
	}

	// refresh

	@Test
	void refreshWhenLiveThenRecordsAccessIdleExpiryAndAuthoritiesInOneStep() {
		StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));

		assertThat(store().refresh(session.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isTrue();

		assertThat(stored(session)).isEqualTo(session.refreshed(NOW, NOW.plus(IDLE), NEW_AUTHORITIES));
	}

	@Test
	void refreshWhenALaterAccessWasRecordedThenSucceedsAndRowKeepsTheLaterOne() {
		StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		Instant earlier = NOW.minusSeconds(1);

		assertThat(store().refresh(session.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isTrue();
		assertThat(store().refresh(session.sessionId(), earlier, earlier.plus(IDLE), List.of("ROLE_OLD")))
			.as("a refresh that reaches the store after a later one")
			.isTrue();

		assertThat(stored(session)).isEqualTo(session.refreshed(NOW, NOW.plus(IDLE), NEW_AUTHORITIES));
	}

	@Test
	void refreshWhenRevokedThenRefusedAndRowUnchanged() {
		StoredSession live = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		StoredSession revoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(20))), RevocationReason.LOGOUT,
				NOW.minusSeconds(1));

		assertThat(store().refresh(live.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isTrue();
		assertThat(store().refresh(revoked.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isFalse();

		assertThat(stored(live)).isEqualTo(live.refreshed(NOW, NOW.plus(IDLE), NEW_AUTHORITIES));
		assertThat(stored(revoked)).isEqualTo(revoked);
	}

	@Test
	void refreshWhenIdleOrAbsoluteExpiredThenRefusedAndRowUnchanged() {
		StoredSession live = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(29)), NOW.plusNanos(1000), NOW.plus(Duration.ofHours(1))));
		StoredSession idleExpired = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(30)), NOW, NOW.plus(Duration.ofHours(1))));
		StoredSession absoluteExpired = inserted(
				session(BOB, NOW.minus(ABSOLUTE), NOW.plus(Duration.ofMinutes(20)), NOW));

		assertThat(store().refresh(live.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isTrue();
		assertThat(store().refresh(idleExpired.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isFalse();
		assertThat(store().refresh(absoluteExpired.sessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isFalse();
		assertThat(store().refresh(SessionTokens.newSessionId(), NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isFalse();

		assertThat(stored(live)).isEqualTo(live.refreshed(NOW, NOW.plus(IDLE), NEW_AUTHORITIES));
		assertThat(stored(idleExpired)).isEqualTo(idleExpired);
		assertThat(stored(absoluteExpired)).isEqualTo(absoluteExpired);
	}

	// reauthenticate

	@Test
	void reauthenticateWhenLiveThenNewTokenHashAuthenticatedAtAndAuthorities() {
		StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		String newTokenHash = SessionTokens.hash(SessionTokens.newToken());

		assertThat(store().reauthenticate(session.sessionId(), newTokenHash, NOW, NOW.plus(IDLE), NEW_AUTHORITIES))
			.isTrue();

		StoredSession expected = session.reauthenticated(newTokenHash, NOW, NOW.plus(IDLE), NEW_AUTHORITIES);
		assertThat(expected.authenticatedAt()).isEqualTo(NOW);
		assertThat(expected.startedAt()).isEqualTo(session.startedAt());
		assertThat(store().findByTokenHash(newTokenHash)).contains(expected);
		assertThat(store().findById(session.sessionId())).contains(expected);
		assertThat(store().findByTokenHash(session.tokenHash())).as("the old token stops working").isEmpty();
	}

	@Test
	void reauthenticateWhenRevokedOrExpiredThenRefusedAndOldTokenStillFound() {
		StoredSession live = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		StoredSession revoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(20))), RevocationReason.LOGOUT,
				NOW.minusSeconds(1));
		StoredSession idleExpired = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(30)), NOW, NOW.plus(Duration.ofHours(1))));
		String liveHash = SessionTokens.hash(SessionTokens.newToken());
		String revokedHash = SessionTokens.hash(SessionTokens.newToken());
		String expiredHash = SessionTokens.hash(SessionTokens.newToken());

		assertThat(store().reauthenticate(live.sessionId(), liveHash, NOW, NOW.plus(IDLE), NEW_AUTHORITIES)).isTrue();
		assertThat(store().reauthenticate(revoked.sessionId(), revokedHash, NOW, NOW.plus(IDLE), NEW_AUTHORITIES))
			.isFalse();
		assertThat(store().reauthenticate(idleExpired.sessionId(), expiredHash, NOW, NOW.plus(IDLE), NEW_AUTHORITIES))
			.isFalse();

		assertThat(store().findByTokenHash(liveHash)).isPresent();
		assertThat(store().findByTokenHash(revoked.tokenHash())).contains(revoked);
		assertThat(store().findByTokenHash(idleExpired.tokenHash())).contains(idleExpired);
		assertThat(store().findByTokenHash(revokedHash)).isEmpty();
		assertThat(store().findByTokenHash(expiredHash)).isEmpty();
	}

	// revoke, revokeOthers, revokeAll

	@Test
	void revokeThenReturnsTheSessionWithReasonAndTimeAndASecondRevokeReturnsEmpty() {
		StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		StoredSession expected = session.revoked(NOW, RevocationReason.LOGOUT);

		Optional<StoredSession> first = store().revoke(session.sessionId(), RevocationReason.LOGOUT, NOW);
		Optional<StoredSession> second = store().revoke(session.sessionId(), RevocationReason.LOGOUT_ALL,
				NOW.plusSeconds(5));

		assertThat(first).contains(expected);
		assertThat(stored(session).isLiveAt(NOW)).isFalse();
		assertThat(expected.revokedAt()).isEqualTo(NOW);
		assertThat(expected.revocationReason()).isEqualTo(RevocationReason.LOGOUT);
		assertThat(second).isEmpty();
		assertThat(stored(session)).as("the first revocation's time and reason are kept").isEqualTo(expected);
		assertThat(store().revoke(SessionTokens.newSessionId(), RevocationReason.LOGOUT, NOW)).isEmpty();
	}

	@Test
	void revokeOthersThenRevokesEveryOtherLiveSessionOfTheUserAndKeepsTheNamedOne() {
		StoredSession kept = inserted(BOB, NOW.minus(Duration.ofMinutes(10)));
		StoredSession other = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		StoredSession newer = inserted(BOB, NOW.minus(Duration.ofMinutes(5)));
		StoredSession alreadyRevoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(30))),
				RevocationReason.LOGOUT, NOW.minusSeconds(60));
		StoredSession expired = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(40)), NOW.minusSeconds(1), NOW.plus(Duration.ofHours(1))));
		StoredSession carols = inserted(CAROL, NOW.minus(Duration.ofMinutes(10)));

		List<StoredSession> revoked = store().revokeOthers(BOB, kept.sessionId(), RevocationReason.LOGOUT_ALL, NOW);

		assertThat(revoked).containsExactlyInAnyOrder(other.revoked(NOW, RevocationReason.LOGOUT_ALL),
				newer.revoked(NOW, RevocationReason.LOGOUT_ALL));
		assertThat(stored(other)).isEqualTo(other.revoked(NOW, RevocationReason.LOGOUT_ALL));
		assertThat(stored(newer)).isEqualTo(newer.revoked(NOW, RevocationReason.LOGOUT_ALL));
		assertThat(store().findLiveByUser(BOB, NOW)).containsExactly(kept);
		assertThat(stored(alreadyRevoked)).isEqualTo(alreadyRevoked);
		assertThat(stored(expired)).isEqualTo(expired);
		assertThat(store().findLiveByUser(CAROL, NOW)).containsExactly(carols);
	}

	@Test
	void revokeAllThenRevokesEveryLiveSessionOfTheUserAndNoOtherUsers() {
		StoredSession first = inserted(BOB, NOW.minus(Duration.ofMinutes(10)));
		StoredSession second = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		StoredSession alreadyRevoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(30))),
				RevocationReason.LOGOUT, NOW.minusSeconds(60));
		StoredSession carols = inserted(CAROL, NOW.minus(Duration.ofMinutes(10)));
		assertThat(store().findLiveByUser(BOB, NOW)).hasSize(2);

		List<StoredSession> revoked = store().revokeAll(BOB, RevocationReason.USER_DISABLED, NOW);

		assertThat(revoked).containsExactlyInAnyOrder(first.revoked(NOW, RevocationReason.USER_DISABLED),
				second.revoked(NOW, RevocationReason.USER_DISABLED));
		assertThat(store().findLiveByUser(BOB, NOW)).isEmpty();
		assertThat(stored(alreadyRevoked)).isEqualTo(alreadyRevoked);
		assertThat(store().findLiveByUser(CAROL, NOW)).containsExactly(carols);
		assertThat(store().revokeAll(BOB, RevocationReason.USER_DISABLED, NOW.plusSeconds(1))).isEmpty();
	}

	// the revocation log

	@Test
	void revokeThenOneSessionRowInTheLogAndASecondRevokeAddsNone() {
		long before = lastRevocationId();
		StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(10)));

		store().revoke(session.sessionId(), RevocationReason.LOGOUT, NOW);
		store().revoke(session.sessionId(), RevocationReason.LOGOUT, NOW.plusSeconds(1));
		store().revoke("unknown-session-id", RevocationReason.LOGOUT, NOW);

		List<RevocationEntry> log = store().revocationsAfter(before, 100);
		assertThat(log).hasSize(1);
		assertThat(log.get(0).kind()).isEqualTo(RevocationEntry.Kind.SESSION);
		assertThat(log.get(0).subject()).isEqualTo(session.sessionId());
		assertThat(log.get(0).userId()).isEqualTo(BOB);
		assertThat(log.get(0).notBefore()).isEqualTo(NOW);
		assertThat(log.get(0).id()).isGreaterThan(before);
	}

	@Test
	void revokeAllWhenUserDisabledThenASessionRowEachAndAUserRowButLogoutAllNoUserRow() {
		long before = lastRevocationId();
		StoredSession first = inserted(BOB, NOW.minus(Duration.ofMinutes(10)));
		StoredSession second = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		inserted(CAROL, NOW.minus(Duration.ofMinutes(10)));

		store().revokeAll(BOB, RevocationReason.USER_DISABLED, NOW);
		List<RevocationEntry> disabled = store().revocationsAfter(before, 100);
		store().revokeAll(CAROL, RevocationReason.LOGOUT_ALL, NOW);
		List<RevocationEntry> loggedOut = store().revocationsAfter(disabled.get(disabled.size() - 1).id(), 100);

		assertThat(disabled).extracting(RevocationEntry::kind, RevocationEntry::subject)
			.containsExactlyInAnyOrder(Tuple.tuple(RevocationEntry.Kind.SESSION, first.sessionId()),
					Tuple.tuple(RevocationEntry.Kind.SESSION, second.sessionId()),
					Tuple.tuple(RevocationEntry.Kind.USER, BOB));
		assertThat(disabled).allSatisfy((entry) -> assertThat(entry.userId()).isEqualTo(BOB));
		assertThat(loggedOut).extracting(RevocationEntry::kind, RevocationEntry::userId)
			.containsExactly(Tuple.tuple(RevocationEntry.Kind.SESSION, CAROL));
	}

	@Test
	void updateAuthoritiesWithTimeThenSessionsChangeAndAUserRowAtThatTime() {
		long before = lastRevocationId();
		StoredSession live = inserted(BOB, NOW.minus(Duration.ofMinutes(10)));

		assertThat(store().updateAuthorities(BOB, NEW_AUTHORITIES, NOW)).isEqualTo(1);

		assertThat(stored(live)).isEqualTo(live.withAuthorities(NEW_AUTHORITIES));
		List<RevocationEntry> log = store().revocationsAfter(before, 100);
		assertThat(log).extracting(RevocationEntry::kind, RevocationEntry::subject, RevocationEntry::notBefore)
			.containsExactly(Tuple.tuple(RevocationEntry.Kind.USER, BOB, NOW));
	}

	@Test
	void revocationsAfterThenInIdOrderAtMostMaxRowsAndOnlyAfterTheId() {
		long before = lastRevocationId();
		List<String> sessionIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(10 + i)));
			store().revoke(session.sessionId(), RevocationReason.LOGOUT, NOW.plusSeconds(i));
			sessionIds.add(session.sessionId());
		}

		List<RevocationEntry> first = store().revocationsAfter(before, 3);
		List<RevocationEntry> rest = store().revocationsAfter(first.get(2).id(), 3);

		assertThat(first).extracting(RevocationEntry::subject).containsExactlyElementsOf(sessionIds.subList(0, 3));
		assertThat(rest).extracting(RevocationEntry::subject).containsExactlyElementsOf(sessionIds.subList(3, 5));
		assertThat(store().revocationsAfter(rest.get(1).id(), 3)).isEmpty();
	}

	@Test
	void deleteRevocationsBeforeThenOnlyOlderRowsAtMostMaxRowsPerCall() {
		long before = lastRevocationId();
		for (int i = 0; i < 4; i++) {
			StoredSession session = inserted(BOB, NOW.minus(Duration.ofMinutes(10 + i)));
			store().revoke(session.sessionId(), RevocationReason.LOGOUT, NOW.plusSeconds(i));
		}

		assertThat(store().deleteRevocationsBefore(NOW.plusSeconds(3), 2)).isEqualTo(2);
		assertThat(store().deleteRevocationsBefore(NOW.plusSeconds(3), 2)).isEqualTo(1);
		assertThat(store().deleteRevocationsBefore(NOW.plusSeconds(3), 2)).isZero();

		assertThat(store().revocationsAfter(before, 100)).extracting(RevocationEntry::notBefore)
			.containsExactly(NOW.plusSeconds(3));
	}

	private long lastRevocationId() {
		List<RevocationEntry> all = store().revocationsAfter(0, Integer.MAX_VALUE);
		return (all.isEmpty()) ? 0 : all.get(all.size() - 1).id();
	}

	// updateAuthorities

	@Test
	void updateAuthoritiesThenOnlyTheNonRevokedSessionsOfThatUserChange() {
		StoredSession live = inserted(BOB, NOW.minus(Duration.ofMinutes(10)));
		StoredSession expired = inserted(
				session(BOB, NOW.minus(Duration.ofMinutes(40)), NOW.minusSeconds(1), NOW.plus(Duration.ofHours(1))));
		StoredSession revoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(30))), RevocationReason.LOGOUT,
				NOW.minusSeconds(60));
		StoredSession carols = inserted(CAROL, NOW.minus(Duration.ofMinutes(10)));

		int updated = store().updateAuthorities(BOB, NEW_AUTHORITIES);

		assertThat(updated).isEqualTo(2);
		assertThat(stored(live)).isEqualTo(live.withAuthorities(NEW_AUTHORITIES));
		assertThat(stored(expired)).isEqualTo(expired.withAuthorities(NEW_AUTHORITIES));
		assertThat(stored(revoked)).isEqualTo(revoked);
		assertThat(stored(carols)).isEqualTo(carols);
		assertThat(store().updateAuthorities("store-nobody", NEW_AUTHORITIES)).isZero();
	}

	// insert with a session limit

	@Test
	void insertWhenBelowTheLimitOrNoLimitThenNothingEvicted() {
		for (int i = 5; i > 0; i--) {
			assertThat(store().insert(session(CAROL, NOW.minusSeconds(i)), 0, SessionLimitPolicy.EVICT_OLDEST))
				.isEmpty();
		}
		inserted(BOB, NOW.minusSeconds(20));
		inserted(BOB, NOW.minusSeconds(10));

		assertThat(store().insert(session(BOB, NOW), 3, SessionLimitPolicy.EVICT_OLDEST)).isEmpty();
		assertThat(store().insert(session(CAROL, NOW), 0, SessionLimitPolicy.REFUSE)).isEmpty();

		assertThat(store().findLiveByUser(BOB, NOW)).hasSize(3);
		assertThat(store().findLiveByUser(CAROL, NOW)).hasSize(6);
	}

	@Test
	void insertWhenLimitReachedAndEvictOldestThenOldestRevokedWithSessionLimitAndReturned() {
		StoredSession oldest = inserted(BOB, NOW.minus(Duration.ofMinutes(25)));
		StoredSession middle = inserted(BOB, NOW.minus(Duration.ofMinutes(20)));
		StoredSession newest = inserted(BOB, NOW.minus(Duration.ofMinutes(15)));
		StoredSession revoked = revoked(inserted(BOB, NOW.minus(Duration.ofMinutes(28))), RevocationReason.LOGOUT,
				NOW.minus(Duration.ofMinutes(27)));
		StoredSession expired = inserted(session(BOB, NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofHours(4)),
				NOW.minus(Duration.ofHours(4))));
		List<StoredSession> carols = List.of(inserted(CAROL, NOW.minusSeconds(3)), inserted(CAROL, NOW.minusSeconds(2)),
				inserted(CAROL, NOW.minusSeconds(1)));
		StoredSession first = session(BOB, NOW);

		List<StoredSession> evicted = store().insert(first, 3, SessionLimitPolicy.EVICT_OLDEST);

		assertThat(evicted).containsExactly(oldest.revoked(NOW, RevocationReason.SESSION_LIMIT));
		assertThat(stored(oldest)).isEqualTo(oldest.revoked(NOW, RevocationReason.SESSION_LIMIT));
		assertThat(store().findLiveByUser(BOB, NOW)).containsExactly(first, newest, middle);
		assertThat(stored(revoked)).isEqualTo(revoked);
		assertThat(stored(expired)).isEqualTo(expired);
		assertThat(store().findLiveByUser(CAROL, NOW)).containsExactlyInAnyOrderElementsOf(carols);

		StoredSession second = session(BOB, NOW.plusSeconds(1));
		assertThat(store().insert(second, 2, SessionLimitPolicy.EVICT_OLDEST)).as("a lower limit evicts two")
			.containsExactlyInAnyOrder(newest.revoked(second.startedAt(), RevocationReason.SESSION_LIMIT),
					middle.revoked(second.startedAt(), RevocationReason.SESSION_LIMIT));
		assertThat(store().findLiveByUser(BOB, second.startedAt())).containsExactly(second, first);
	}

	@Test
	void insertWhenLimitReachedAndRefuseThenThrowsAndStoresNothing() {
		StoredSession first = inserted(BOB, NOW.minusSeconds(30));
		StoredSession second = inserted(BOB, NOW.minusSeconds(20));
		StoredSession third = session(BOB, NOW.minusSeconds(10));
		StoredSession refused = session(BOB, NOW);

		assertThat(store().insert(third, 3, SessionLimitPolicy.REFUSE)).isEmpty();
		List<StoredSession> liveBefore = store().findLiveByUser(BOB, NOW);
		assertThatExceptionOfType(SessionLimitExceededException.class)
			.isThrownBy(() -> store().insert(refused, 3, SessionLimitPolicy.REFUSE));

		assertThat(liveBefore).containsExactly(third, second, first);
		assertThat(store().findLiveByUser(BOB, NOW)).isEqualTo(liveBefore);
		assertThat(store().findById(refused.sessionId())).isEmpty();
		assertThat(store().findByTokenHash(refused.tokenHash())).isEmpty();

		revoked(first, RevocationReason.LOGOUT, NOW);
		assertThat(store().insert(refused, 3, SessionLimitPolicy.REFUSE)).as("a revoked session does not count")
			.isEmpty();
		assertThat(store().findLiveByUser(BOB, NOW)).containsExactly(refused, third, second);
	}

	@Test
	void concurrentInsertsWhenEvictOldestThenNeverMoreThanTheLimitLive() throws Exception {
		List<StoredSession> sessions = IntStream.range(0, PARALLEL_INSERTS)
			.mapToObj((i) -> session(BOB, NOW.plusMillis(i)))
			.toList();

		List<List<StoredSession>> evicted = inParallel(sessions.stream()
			.map((session) -> (Callable<List<StoredSession>>) () -> store().insert(session, 3,
					SessionLimitPolicy.EVICT_OLDEST))
			.toList());

		Instant afterAll = NOW.plusSeconds(1);
		List<StoredSession> allEvicted = evicted.stream().flatMap(Collection::stream).toList();
		assertThat(store().findLiveByUser(BOB, afterAll)).hasSize(3);
		assertThat(ids(allEvicted)).doesNotHaveDuplicates().hasSize(PARALLEL_INSERTS - 3);
		assertThat(allEvicted).allSatisfy((session) -> {
			assertThat(session.revocationReason()).isEqualTo(RevocationReason.SESSION_LIMIT);
			assertThat(stored(session).revocationReason()).isEqualTo(RevocationReason.SESSION_LIMIT);
		});
		assertThat(sessions).allSatisfy((session) -> assertThat(store().findById(session.sessionId())).isPresent());
	}

	@Test
	void concurrentInsertsWhenRefuseThenExactlyTheLimitStored() throws Exception {
		List<StoredSession> sessions = IntStream.range(0, PARALLEL_INSERTS)
			.mapToObj((i) -> session(BOB, NOW.plusMillis(i)))
			.toList();

		List<Boolean> admitted = inParallel(sessions.stream().map((session) -> (Callable<Boolean>) () -> {
			try {
				assertThat(store().insert(session, 3, SessionLimitPolicy.REFUSE)).isEmpty();
				return true;
			}
			catch (SessionLimitExceededException ex) {
				return false;
			}
		}).toList());

		assertThat(admitted).filteredOn(Boolean::booleanValue).hasSize(3);
		List<String> admittedIds = IntStream.range(0, PARALLEL_INSERTS)
			.filter(admitted::get)
			.mapToObj((i) -> sessions.get(i).sessionId())
			.toList();
		assertThat(ids(store().findLiveByUser(BOB, NOW.plusSeconds(1))))
			.containsExactlyInAnyOrderElementsOf(admittedIds);
		assertThat(sessions).filteredOn((session) -> store().findById(session.sessionId()).isPresent()).hasSize(3);
	}

	// deleteEnded

	@Test
	void deleteEndedThenDeletesOnlySessionsThatEndedBeforeTheCutoff() {
		Instant cutoff = NOW.minus(Duration.ofDays(1));
		List<StoredSession> due = List.of(
				revoked(inserted(BOB, cutoff.minus(Duration.ofMinutes(10))), RevocationReason.LOGOUT,
						cutoff.minusSeconds(60)),
				inserted(BOB, cutoff.minus(Duration.ofHours(2))),
				inserted(session(BOB, cutoff.minus(ABSOLUTE), cutoff.minusNanos(1000), cutoff.minusNanos(1000))),
				revoked(inserted(BOB, cutoff.minus(Duration.ofHours(2))), RevocationReason.LOGOUT,
						NOW.minus(Duration.ofHours(1))));
		List<StoredSession> kept = List.of(inserted(BOB, NOW.minus(Duration.ofMinutes(5))),
				inserted(BOB, cutoff.minus(Duration.ofMinutes(5))),
				revoked(inserted(BOB, NOW.minus(Duration.ofHours(2))), RevocationReason.LOGOUT,
						NOW.minus(Duration.ofHours(1))),
				inserted(session(CAROL, NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)), NOW)),
				revoked(inserted(CAROL, cutoff.minus(Duration.ofMinutes(10))), RevocationReason.LOGOUT, cutoff),
				inserted(session(CAROL, cutoff.minus(IDLE), cutoff, cutoff.plus(Duration.ofHours(1)))));
		assertThat(present(due)).isEqualTo(4);
		assertThat(present(kept)).isEqualTo(6);

		assertThat(store().deleteEnded(cutoff, 100)).isEqualTo(4);

		assertThat(present(due)).isZero();
		assertThat(due).allSatisfy((session) -> assertThat(store().findByTokenHash(session.tokenHash())).isEmpty());
		assertThat(kept).allSatisfy((session) -> assertThat(stored(session)).isEqualTo(session));
		assertThat(store().deleteEnded(cutoff, 100)).as("nothing more is due").isZero();
	}

	@Test
	void deleteEndedWhenMoreAreDueThanMaxRowsThenDeletesAtMostMaxRowsPerCall() {
		Instant cutoff = NOW.minus(Duration.ofDays(1));
		List<StoredSession> due = IntStream.range(0, 5)
			.mapToObj((i) -> inserted(BOB, cutoff.minus(Duration.ofHours(2)).plusSeconds(i)))
			.toList();
		StoredSession live = inserted(BOB, NOW);

		assertThat(store().deleteEnded(cutoff, 2)).isEqualTo(2);
		assertThat(present(due)).isEqualTo(3);
		assertThat(store().deleteEnded(cutoff, 2)).isEqualTo(2);
		assertThat(present(due)).isEqualTo(1);
		assertThat(store().deleteEnded(cutoff, 2)).isEqualTo(1);
		assertThat(present(due)).isZero();
		assertThat(store().deleteEnded(cutoff, 2)).isZero();
		assertThat(stored(live)).isEqualTo(live);
	}

	// acquireLease, releaseLease

	@Test
	void acquireLeaseWhenAnotherHolderRunsItThenRefusedUntilItEnds() {
		Instant until = NOW.plus(Duration.ofMinutes(15));

		assertThat(store().acquireLease(LEASE, "node-a", NOW, until)).isTrue();
		assertThat(store().acquireLease(LEASE, "node-b", NOW.plusSeconds(60), NOW.plus(Duration.ofMinutes(16))))
			.isFalse();
		assertThat(store().acquireLease(LEASE, "node-b", until.minusNanos(1000), until.plus(Duration.ofMinutes(15))))
			.as("a microsecond before its end the lease still runs")
			.isFalse();
		assertThat(store().acquireLease(OTHER_LEASE, "node-b", NOW, until)).as("another lease is independent").isTrue();
		assertThat(store().acquireLease(LEASE, "node-b", until, until.plus(Duration.ofMinutes(15))))
			.as("at its end the lease is taken over")
			.isTrue();
		assertThat(store().acquireLease(LEASE, "node-a", until.plusSeconds(60), until.plus(Duration.ofMinutes(16))))
			.as("node-b holds it now")
			.isFalse();
	}

	@Test
	void releaseLeaseWhenHolderReleasesThenAnotherTakesItAtOnceButNotWhenAnotherReleases() {
		Instant until = NOW.plus(Duration.ofMinutes(15));
		assertThat(store().acquireLease(LEASE, "node-a", NOW, until)).isTrue();

		store().releaseLease(LEASE, "node-c");
		assertThat(store().acquireLease(LEASE, "node-b", NOW.plusSeconds(1), until))
			.as("only the holder can release the lease")
			.isFalse();

		store().releaseLease(LEASE, "node-a");
		assertThat(store().acquireLease(LEASE, "node-b", NOW.plusSeconds(2), until)).isTrue();
		assertThat(store().acquireLease(LEASE, "node-a", NOW.plusSeconds(3), until)).isFalse();
	}

	// helpers

	/**
	 * @return a new session of {@code userId} that started at {@code startedAt}, with the
	 * usual timeouts
	 */
	static StoredSession session(String userId, Instant startedAt) {
		return session(userId, startedAt, startedAt.plus(IDLE), startedAt.plus(ABSOLUTE));
	}

	static StoredSession session(String userId, Instant startedAt, Instant idleExpiresAt, Instant absoluteExpiresAt) {
		return StoredSession.started(SessionTokens.newSessionId(), SessionTokens.hash(SessionTokens.newToken()), userId,
				AUTHORITIES, startedAt, idleExpiresAt, absoluteExpiresAt, "10.0.0.1", "junit");
	}

	static StoredSession session(String sessionId, String tokenHash, String userId, Instant startedAt) {
		return session(sessionId, tokenHash, userId, startedAt, AUTHORITIES, "10.0.0.1", "junit");
	}

	static StoredSession session(String sessionId, String tokenHash, String userId, Instant startedAt,
			List<String> authorities, String ipAddress, String userAgent) {
		return StoredSession.started(sessionId, tokenHash, userId, authorities, startedAt, startedAt.plus(IDLE),
				startedAt.plus(ABSOLUTE), ipAddress, userAgent);
	}

	StoredSession inserted(String userId, Instant startedAt) {
		return inserted(session(userId, startedAt));
	}

	/**
	 * Inserts a session without a limit.
	 * @return the session as read back
	 */
	StoredSession inserted(StoredSession session) {
		assertThat(store().insert(session, 0, SessionLimitPolicy.EVICT_OLDEST)).isEmpty();
		return stored(session);
	}

	/**
	 * Revokes a session.
	 * @return the session as read back
	 */
	StoredSession revoked(StoredSession session, RevocationReason reason, Instant now) {
		assertThat(store().revoke(session.sessionId(), reason, now)).isPresent();
		return stored(session);
	}

	/**
	 * @return the session as the store has it now
	 */
	StoredSession stored(StoredSession session) {
		return store().findById(session.sessionId()).orElseThrow();
	}

	/**
	 * @return how many of the sessions the store still has
	 */
	long present(List<StoredSession> sessions) {
		return sessions.stream().filter((session) -> store().findById(session.sessionId()).isPresent()).count();
	}

	static List<String> ids(List<StoredSession> sessions) {
		return sessions.stream().map(StoredSession::sessionId).toList();
	}

	/**
	 * Runs the tasks at once, one thread each.
	 * @return their results, in the order of the tasks
	 */
	static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
