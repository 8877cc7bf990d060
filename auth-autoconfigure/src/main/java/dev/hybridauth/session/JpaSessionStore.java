package dev.hybridauth.session;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.JpaDialect;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The default {@link SessionStore}: {@code hybrid_auth_session} through the application's
 * JPA {@link EntityManagerFactory}. Reads run without a transaction (one SELECT each);
 * every write is a single statement in its own transaction, so concurrent touches and
 * revocations never conflict.
 */
class JpaSessionStore implements SessionStore {

	private static final String QUERY_TIMEOUT_HINT = "jakarta.persistence.query.timeout";

	private static final String LIVE = " s.revokedAt is null and s.idleExpiresAt > :now and s.absoluteExpiresAt > :now";

	private final EntityManager entityManager;

	private final TransactionTemplate transactions;

	private final JpaDialect dialect;

	private int timeoutSeconds;

	JpaSessionStore(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory cannot be null");
		Assert.notNull(transactionManager, "transactionManager cannot be null");
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
		this.transactions = new TransactionTemplate(transactionManager);
		this.dialect = (entityManagerFactory instanceof EntityManagerFactoryInfo info) ? info.getJpaDialect() : null;
	}

	/**
	 * Bounds every statement of the store, lock waits included: a write's transaction
	 * carries the timeout (the JPA provider sets it on each statement), a read the JPA
	 * query timeout hint, also inside a transaction of the application's that has none. A
	 * statement cancelled by it fails with a {@code DataAccessException}, so that a
	 * request waits at most that long on a locked table and answers {@code 503}.
	 * @param timeout the longest a statement may run, rounded up to whole seconds (the
	 * unit of JDBC query timeouts); zero for no limit
	 */
	void setStatementTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative(), "timeout cannot be negative");
		long seconds = timeout.plusNanos(999_999_999).getSeconds();
		this.timeoutSeconds = (int) Math.min(seconds, Integer.MAX_VALUE / 1000);
		this.transactions
			.setTimeout((this.timeoutSeconds > 0) ? this.timeoutSeconds : TransactionDefinition.TIMEOUT_DEFAULT);
	}

	private <Q extends Query> Q bounded(Q query) {
		if (this.timeoutSeconds > 0) {
			query.setHint(QUERY_TIMEOUT_HINT, this.timeoutSeconds * 1000);
		}
		return query;
	}

	/**
	 * Logins of one user with a limit are serialised on a row of
	 * {@code hybrid_auth_session_owner}, so concurrent logins cannot exceed it.
	 */
	@Override
	public List<StoredSession> insert(StoredSession session, int maxPerUser, SessionLimitPolicy policy) {
		if (maxPerUser <= 0) {
			translated(() -> this.transactions.execute((status) -> {
				this.entityManager.persist(new SessionEntity(session));
				return null;
			}));
			return List.of();
		}
		ensureOwnerRow(session.userId());
		return translated(() -> this.transactions.execute((status) -> {
			this.entityManager
				.createNativeQuery("select user_id from hybrid_auth_session_owner where user_id = ? for update")
				.setParameter(1, session.userId())
				.getResultList();
			Instant now = session.startedAt();
			List<StoredSession> live = findLiveByUser(session.userId(), now);
			int excess = live.size() + 1 - maxPerUser;
			if (excess > 0 && policy == SessionLimitPolicy.REFUSE) {
				throw new SessionLimitExceededException(maxPerUser);
			}
			List<StoredSession> evicted = new ArrayList<>();
			if (excess > 0) {
				for (StoredSession oldest : live.subList(live.size() - excess, live.size())) {
					revoke(oldest.sessionId(), RevocationReason.SESSION_LIMIT, now).ifPresent(evicted::add);
				}
			}
			this.entityManager.persist(new SessionEntity(session));
			return evicted;
		}));
	}

	private void ensureOwnerRow(String userId) {
		if (!ownerRowExists(userId)) {
			try {
				translated(() -> this.transactions.execute((status) -> this.entityManager
					.createNativeQuery("insert into hybrid_auth_session_owner (user_id) values (?)")
					.setParameter(1, userId)
					.executeUpdate()));
			}
			catch (DataIntegrityViolationException ex) {
				// a concurrent login inserted it first
			}
		}
	}

	private boolean ownerRowExists(String userId) {
		return translated(() -> !bounded(
				this.entityManager.createNativeQuery("select user_id from hybrid_auth_session_owner where user_id = ?"))
			.setParameter(1, userId)
			.getResultList()
			.isEmpty());
	}

	@Override
	public Optional<StoredSession> findByTokenHash(String tokenHash) {
		return single("select s from HybridAuthSession s where s.tokenHash = :value", tokenHash);
	}

	@Override
	public Optional<StoredSession> findById(String sessionId) {
		return single("select s from HybridAuthSession s where s.sessionId = :value", sessionId);
	}

	@Override
	public List<StoredSession> findLiveByUser(String userId, Instant now) {
		return translated(() -> bounded(this.entityManager.createQuery(
				"select s from HybridAuthSession s where s.userId = :userId and" + LIVE + " order by s.startedAt desc",
				SessionEntity.class))
			.setParameter("userId", userId)
			.setParameter("now", now)
			.getResultList()
			.stream()
			.map(SessionEntity::toStoredSession)
			.toList());
	}

	@Override
	public OptionalLong countLive(Instant now) {
		return OptionalLong.of(translated(() -> bounded(
				this.entityManager.createQuery("select count(s) from HybridAuthSession s where" + LIVE, Long.class))
			.setParameter("now", now)
			.getSingleResult()));
	}

	@Override
	public boolean touch(String sessionId, Instant now, Instant idleExpiresAt, Instant lastAccessedAtOrBefore) {
		return update(
				"""
						update HybridAuthSession s set s.lastAccessedAt = :now, s.idleExpiresAt = :idleExpiresAt
						where s.sessionId = :sessionId and s.revokedAt is null and s.lastAccessedAt <= :lastAccessedAtOrBefore""",
				(query) -> query.setParameter("now", now)
					.setParameter("idleExpiresAt", idleExpiresAt)
					.setParameter("sessionId", sessionId)
					.setParameter("lastAccessedAtOrBefore", lastAccessedAtOrBefore)) > 0;
	}

	@Override
	public boolean refresh(String sessionId, Instant now, Instant idleExpiresAt, List<String> authorities) {
		// Concurrent refreshes take their time before they wait for the row's lock: one
		// that gets it after a later one leaves the row as that one wrote it.
		return update("""
				update HybridAuthSession s
				set s.lastAccessedAt = case when s.lastAccessedAt <= :now then :now else s.lastAccessedAt end,
				s.idleExpiresAt = case when s.lastAccessedAt <= :now then :idleExpiresAt else s.idleExpiresAt end,
				s.authorities = case when s.lastAccessedAt <= :now then :authorities else s.authorities end
				where s.sessionId = :sessionId and """ + LIVE,
				(query) -> query.setParameter("now", now)
					.setParameter("idleExpiresAt", idleExpiresAt)
					.setParameter("authorities", AuthorityList.write(authorities))
					.setParameter("sessionId", sessionId)) > 0;
	}

	@Override
	public boolean reauthenticate(String sessionId, String newTokenHash, Instant now, Instant idleExpiresAt,
			List<String> authorities) {
		return update("""
				update HybridAuthSession s set s.tokenHash = :tokenHash, s.authenticatedAt = :now,
				s.lastAccessedAt = :now, s.idleExpiresAt = :idleExpiresAt, s.authorities = :authorities
				where s.sessionId = :sessionId and """ + LIVE,
				(query) -> query.setParameter("tokenHash", newTokenHash)
					.setParameter("now", now)
					.setParameter("idleExpiresAt", idleExpiresAt)
					.setParameter("authorities", AuthorityList.write(authorities))
					.setParameter("sessionId", sessionId)) > 0;
	}

	@Override
	public Optional<StoredSession> revoke(String sessionId, RevocationReason reason, Instant now) {
		return translated(() -> this.transactions.execute((status) -> {
			Optional<StoredSession> session = findById(sessionId).filter((found) -> found.revokedAt() == null);
			if (session.isEmpty()) {
				return Optional.<StoredSession>empty();
			}
			int revoked = update("""
					update HybridAuthSession s set s.revokedAt = :now, s.revocationReason = :reason
					where s.sessionId = :sessionId and s.revokedAt is null""",
					(query) -> query.setParameter("now", now)
						.setParameter("reason", reason.name())
						.setParameter("sessionId", sessionId));
			// a concurrent revocation may have come first: only the one that changed the
			// row reports and logs it
			if (revoked == 0) {
				return Optional.<StoredSession>empty();
			}
			logRevocation(RevocationEntry.Kind.SESSION, sessionId, session.get().userId(), now);
			return Optional.of(session.get().revoked(now, reason));
		}));
	}

	@Override
	public List<StoredSession> revokeAll(String userId, RevocationReason reason, Instant now) {
		if (reason != RevocationReason.USER_DISABLED) {
			return revokeOthers(userId, null, reason, now);
		}
		return translated(() -> this.transactions.execute((status) -> {
			List<StoredSession> revoked = revokeOthers(userId, null, reason, now);
			logRevocation(RevocationEntry.Kind.USER, userId, userId, now);
			return revoked;
		}));
	}

	@Override
	public int updateAuthorities(String userId, List<String> authorities) {
		return update("""
				update HybridAuthSession s set s.authorities = :authorities
				where s.userId = :userId and s.revokedAt is null""",
				(query) -> query.setParameter("authorities", AuthorityList.write(authorities))
					.setParameter("userId", userId));
	}

	@Override
	public int updateAuthorities(String userId, List<String> authorities, Instant now) {
		Integer updated = translated(() -> this.transactions.execute((status) -> {
			int count = updateAuthorities(userId, authorities);
			logRevocation(RevocationEntry.Kind.USER, userId, userId, now);
			return count;
		}));
		return (updated != null) ? updated : 0;
	}

	@Override
	public List<RevocationEntry> revocationsAfter(long afterId, int maxRows) {
		List<?> rows = translated(() -> bounded(this.entityManager
			.createNativeQuery("select id, kind, subject, user_id, not_before from hybrid_auth_revocation "
					+ "where id > ?1 order by id fetch first " + maxRows + " rows only"))
			.setParameter(1, afterId)
			.getResultList());
		List<RevocationEntry> entries = new ArrayList<>(rows.size());
		for (Object row : rows) {
			Object[] columns = (Object[]) row;
			entries.add(new RevocationEntry(((Number) columns[0]).longValue(),
					RevocationEntry.Kind.valueOf((String) columns[1]), (String) columns[2], (String) columns[3],
					instant(columns[4])));
		}
		return entries;
	}

	@Override
	public int deleteRevocationsBefore(Instant before, int maxRows) {
		Integer deleted = translated(() -> this.transactions.execute((status) -> this.entityManager
			.createNativeQuery("delete from hybrid_auth_revocation where id in (select id from "
					+ "hybrid_auth_revocation where created_at < ?1 fetch first " + maxRows + " rows only)")
			.setParameter(1, Timestamp.from(before))
			.executeUpdate()));
		return (deleted != null) ? deleted : 0;
	}

	private void logRevocation(RevocationEntry.Kind kind, String subject, String userId, Instant at) {
		this.entityManager
			.createNativeQuery("insert into hybrid_auth_revocation (kind, subject, user_id, not_before, created_at) "
					+ "values (?1, ?2, ?3, ?4, ?4)")
			.setParameter(1, kind.name())
			.setParameter(2, subject)
			.setParameter(3, userId)
			.setParameter(4, Timestamp.from(at))
			.executeUpdate();
	}

	private static Instant instant(Object value) {
		if (value instanceof Timestamp timestamp) {
			return timestamp.toInstant();
		}
		if (value instanceof java.time.OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (value instanceof Instant instant) {
			return instant;
		}
		throw new IllegalStateException("Unexpected timestamp type " + value.getClass().getName());
	}

	/**
	 * Idle expiry is never later than absolute expiry, so revoked and idle-expired
	 * sessions cover every ended one. The subquery bounds how many rows one statement
	 * locks.
	 */
	@Override
	public int deleteEnded(Instant endedBefore, int maxRows) {
		Integer deleted = translated(() -> this.transactions.execute((status) -> this.entityManager
			.createNativeQuery("delete from hybrid_auth_session where session_id in (select session_id from "
					+ "hybrid_auth_session where revoked_at < ?1 or idle_expires_at < ?1 fetch first " + maxRows
					+ " rows only)")
			.setParameter(1, Timestamp.from(endedBefore))
			.executeUpdate()));
		return (deleted != null) ? deleted : 0;
	}

	/**
	 * A lease has ended at its {@code locked_until}, as a session has at its expiry.
	 */
	/**
	 * One transaction: the store's steps that the work calls join it, and the rows they
	 * update stay locked until it commits.
	 */
	@Override
	public <T> T atomically(Supplier<T> work) {
		return translated(() -> this.transactions.execute((status) -> work.get()));
	}

	@Override
	public boolean acquireLease(String name, String holder, Instant now, Instant until) {
		Integer taken = translated(() -> this.transactions.execute((status) -> this.entityManager
			.createNativeQuery("update hybrid_auth_lock set locked_until = ?1, locked_by = ?2 where name = ?3 "
					+ "and (locked_until <= ?4 or locked_by = ?2)")
			.setParameter(1, Timestamp.from(until))
			.setParameter(2, holder)
			.setParameter(3, name)
			.setParameter(4, Timestamp.from(now))
			.executeUpdate()));
		if (taken != null && taken > 0) {
			return true;
		}
		try {
			translated(() -> this.transactions.execute((status) -> this.entityManager
				.createNativeQuery("insert into hybrid_auth_lock (name, locked_until, locked_by) values (?1, ?2, ?3)")
				.setParameter(1, name)
				.setParameter(2, Timestamp.from(until))
				.setParameter(3, holder)
				.executeUpdate()));
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			// another node holds it
			return false;
		}
	}

	@Override
	public void releaseLease(String name, String holder) {
		translated(() -> this.transactions.execute((status) -> this.entityManager
			.createNativeQuery("update hybrid_auth_lock set locked_until = ?1 where name = ?2 and locked_by = ?3")
			.setParameter(1, Timestamp.from(Instant.EPOCH))
			.setParameter(2, name)
			.setParameter(3, holder)
			.executeUpdate()));
	}

	private Optional<StoredSession> single(String jpql, String value) {
		return translated(
				() -> bounded(this.entityManager.createQuery(jpql, SessionEntity.class)).setParameter("value", value)
					.getResultList()
					.stream()
					.findFirst()
					.map(SessionEntity::toStoredSession));
	}

	private int update(String jpql, UnaryOperator<Query> parameters) {
		Integer updated = translated(() -> this.transactions
			.execute((status) -> parameters.apply(this.entityManager.createQuery(jpql)).executeUpdate()));
		return (updated != null) ? updated : 0;
	}

	/**
	 * Runs JPA work and turns its exceptions into Spring's {@code DataAccessException}s,
	 * so that callers can tell an unreachable database from a bug. (Spring Data
	 * repositories do this through a proxy; this store is not one.)
	 * @param <T> the type of the work's result
	 * @param work the JPA work
	 * @return what the work returned
	 */
	private <T> T translated(Supplier<T> work) {
		try {
			return work.get();
		}
		catch (PersistenceException ex) {
			DataAccessException translated = (this.dialect != null) ? this.dialect.translateExceptionIfPossible(ex)
					: null;
			if (translated == null) {
				translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(ex);
			}
			throw (translated != null) ? translated : ex;
		}
	}

}
