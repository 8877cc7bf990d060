package dev.hybridauth.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;

import org.springframework.dao.DuplicateKeyException;

/**
 * A {@link SessionStore} in this JVM's memory, for tests and for applications without a
 * database. Sessions are lost when the application stops and are not shared between
 * nodes; the session cleanup removes ended ones.
 */
public final class InMemorySessionStore implements SessionStore {

	private static final Comparator<StoredSession> NEWEST_FIRST = Comparator.comparing(StoredSession::startedAt)
		.reversed();

	private final Map<String, StoredSession> sessionsById = new HashMap<>();

	private final Map<String, String> sessionIdsByTokenHash = new HashMap<>();

	private final Map<String, Lease> leases = new HashMap<>();

	private final List<RevocationEntry> revocations = new ArrayList<>();

	private long lastRevocationId;

	@Override
	public synchronized List<StoredSession> insert(StoredSession session, int maxPerUser, SessionLimitPolicy policy) {
		if (this.sessionsById.containsKey(session.sessionId())) {
			throw new DuplicateKeyException("A session with id " + session.sessionId() + " exists already");
		}
		requireUnusedTokenHash(session.tokenHash());
		List<StoredSession> evicted = List.of();
		if (maxPerUser > 0) {
			List<StoredSession> live = findLiveByUser(session.userId(), session.startedAt());
			int excess = live.size() + 1 - maxPerUser;
			if (excess > 0 && policy == SessionLimitPolicy.REFUSE) {
				throw new SessionLimitExceededException(maxPerUser);
			}
			if (excess > 0) {
				evicted = new ArrayList<>();
				for (StoredSession oldest : live.subList(live.size() - excess, live.size())) {
					revoke(oldest.sessionId(), RevocationReason.SESSION_LIMIT, session.startedAt())
						.ifPresent(evicted::add);
				}
			}
		}
		put(session);
		return evicted;
	}

	@Override
	public synchronized Optional<StoredSession> findByTokenHash(String tokenHash) {
		return Optional.ofNullable(this.sessionIdsByTokenHash.get(tokenHash)).map(this.sessionsById::get);
	}

	@Override
	public synchronized Optional<StoredSession> findById(String sessionId) {
		return Optional.ofNullable(this.sessionsById.get(sessionId));
	}

	@Override
	public synchronized List<StoredSession> findLiveByUser(String userId, Instant now) {
		return this.sessionsById.values()
			.stream()
			.filter((session) -> session.userId().equals(userId) && session.isLiveAt(now))
			.sorted(NEWEST_FIRST)
			.toList();
	}

	@Override
	public synchronized OptionalLong countLive(Instant now) {
		return OptionalLong.of(this.sessionsById.values().stream().filter((session) -> session.isLiveAt(now)).count());
	}

	@Override
	public synchronized boolean touch(String sessionId, Instant now, Instant idleExpiresAt,
			Instant lastAccessedAtOrBefore) {
		return update(sessionId,
				(session) -> session.revokedAt() == null && !session.lastAccessedAt().isAfter(lastAccessedAtOrBefore),
				(session) -> session.accessed(now, idleExpiresAt));
	}

	@Override
	public synchronized boolean refresh(String sessionId, Instant now, Instant idleExpiresAt,
			List<String> authorities) {
		return update(sessionId, (session) -> session.isLiveAt(now),
				(session) -> (session.lastAccessedAt().isAfter(now)) ? session
						: session.refreshed(now, idleExpiresAt, authorities));
	}

	@Override
	public synchronized boolean reauthenticate(String sessionId, String newTokenHash, Instant now,
			Instant idleExpiresAt, List<String> authorities) {
		StoredSession session = this.sessionsById.get(sessionId);
		if (session == null || !session.isLiveAt(now)) {
			return false;
		}
		requireUnusedTokenHash(newTokenHash);
		this.sessionIdsByTokenHash.remove(session.tokenHash());
		put(session.reauthenticated(newTokenHash, now, idleExpiresAt, authorities));
		return true;
	}

	@Override
	public synchronized Optional<StoredSession> revoke(String sessionId, RevocationReason reason, Instant now) {
		StoredSession session = this.sessionsById.get(sessionId);
		if (session == null || session.revokedAt() != null) {
			return Optional.empty();
		}
		StoredSession revoked = session.revoked(now, reason);
		put(revoked);
		logRevocation(RevocationEntry.Kind.SESSION, sessionId, session.userId(), now);
		return Optional.of(revoked);
	}

	@Override
	public synchronized List<StoredSession> revokeOthers(String userId, String keptSessionId, RevocationReason reason,
			Instant now) {
		return SessionStore.super.revokeOthers(userId, keptSessionId, reason, now);
	}

	@Override
	public synchronized List<StoredSession> revokeAll(String userId, RevocationReason reason, Instant now) {
		List<StoredSession> revoked = revokeOthers(userId, null, reason, now);
		if (reason == RevocationReason.USER_DISABLED) {
			logRevocation(RevocationEntry.Kind.USER, userId, userId, now);
		}
		return revoked;
	}

	@Override
	public synchronized int updateAuthorities(String userId, List<String> authorities, Instant now) {
		int updated = updateAuthorities(userId, authorities);
		logRevocation(RevocationEntry.Kind.USER, userId, userId, now);
		return updated;
	}

	@Override
	public synchronized List<RevocationEntry> revocationsAfter(long afterId, int maxRows) {
		return this.revocations.stream().filter((entry) -> entry.id() > afterId).limit(maxRows).toList();
	}

	@Override
	public synchronized int deleteRevocationsBefore(Instant before, int maxRows) {
		int deleted = 0;
		Iterator<RevocationEntry> entries = this.revocations.iterator();
		while (entries.hasNext() && deleted < maxRows) {
			if (entries.next().notBefore().isBefore(before)) {
				entries.remove();
				deleted++;
			}
		}
		return deleted;
	}

	private void logRevocation(RevocationEntry.Kind kind, String subject, String userId, Instant at) {
		this.revocations.add(new RevocationEntry(++this.lastRevocationId, kind, subject, userId, at));
	}

	@Override
	public synchronized int updateAuthorities(String userId, List<String> authorities) {
		int updated = 0;
		for (StoredSession session : List.copyOf(this.sessionsById.values())) {
			if (session.userId().equals(userId) && session.revokedAt() == null) {
				put(session.withAuthorities(authorities));
				updated++;
			}
		}
		return updated;
	}

	@Override
	public synchronized int deleteEnded(Instant endedBefore, int maxRows) {
		List<StoredSession> ended = this.sessionsById.values()
			.stream()
			.filter((session) -> (session.revokedAt() != null && session.revokedAt().isBefore(endedBefore))
					|| session.idleExpiresAt().isBefore(endedBefore))
			.limit(maxRows)
			.toList();
		for (StoredSession session : ended) {
			this.sessionsById.remove(session.sessionId());
			this.sessionIdsByTokenHash.remove(session.tokenHash());
		}
		return ended.size();
	}

	@Override
	public synchronized <T> T atomically(Supplier<T> work) {
		return work.get();
	}

	@Override
	public synchronized boolean acquireLease(String name, String holder, Instant now, Instant until) {
		Lease lease = this.leases.get(name);
		if (lease != null && !lease.holder().equals(holder) && lease.until().isAfter(now)) {
			return false;
		}
		this.leases.put(name, new Lease(holder, until));
		return true;
	}

	@Override
	public synchronized void releaseLease(String name, String holder) {
		this.leases.computeIfPresent(name, (key, lease) -> lease.holder().equals(holder) ? null : lease);
	}

	/**
	 * Token hashes are unique, as in the table: a second session with the same hash would
	 * take over the first's token.
	 * @param tokenHash the hash of a new session's token
	 * @throws DuplicateKeyException when a session already has that hash
	 */
	private void requireUnusedTokenHash(String tokenHash) {
		if (this.sessionIdsByTokenHash.containsKey(tokenHash)) {
			throw new DuplicateKeyException("A session with this token hash exists already");
		}
	}

	private boolean update(String sessionId, Predicate<StoredSession> condition, UnaryOperator<StoredSession> change) {
		StoredSession session = this.sessionsById.get(sessionId);
		if (session == null || !condition.test(session)) {
			return false;
		}
		put(change.apply(session));
		return true;
	}

	private void put(StoredSession session) {
		this.sessionsById.put(session.sessionId(), session);
		this.sessionIdsByTokenHash.put(session.tokenHash(), session.sessionId());
	}

	private record Lease(String holder, Instant until) {

	}

}
