package dev.hybridauth.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * A {@link SessionStore} on {@code hybrid_auth_session} through plain JDBC
 * ({@link JdbcClient}), for applications without JPA: the same tables, statements and
 * guarantees as {@link JpaSessionStore}. Reads run without a transaction (one SELECT
 * each); every write runs in a transaction of its own (or joins the caller's), so that it
 * commits whatever the pool's auto-commit setting.
 */
class JdbcSessionStore implements SessionStore {

	private static final String COLUMNS = "session_id, token_hash, user_id, authorities, started_at, "
			+ "last_accessed_at, idle_expires_at, absolute_expires_at, authenticated_at, revoked_at, "
			+ "revocation_reason, ip_address, user_agent";

	private static final String LIVE = " revoked_at is null and idle_expires_at > :now and absolute_expires_at > :now";

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	JdbcSessionStore(DataSource dataSource, PlatformTransactionManager transactionManager) {
		Assert.notNull(dataSource, "dataSource cannot be null");
		Assert.notNull(transactionManager, "transactionManager cannot be null");
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.jdbc = JdbcClient.create(this.jdbcTemplate);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Bounds every statement of the store, lock waits included: a write's transaction
	 * carries the timeout (Spring applies what is left of it to each statement), a read
	 * the JDBC query timeout, also inside a transaction of the application's that has
	 * none. A statement cancelled by it fails with a {@code DataAccessException}, so that
	 * a request waits at most that long on a locked row and answers {@code 503}.
	 * @param timeout the longest a statement may run, rounded up to whole seconds (the
	 * unit of JDBC query timeouts); zero for no limit
	 */
	void setStatementTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative(), "timeout cannot be negative");
		long seconds = timeout.plusNanos(999_999_999).getSeconds();
		int timeoutSeconds = (int) Math.min(seconds, Integer.MAX_VALUE / 1000);
		this.jdbcTemplate.setQueryTimeout(timeoutSeconds);
		this.transactions.setTimeout((timeoutSeconds > 0) ? timeoutSeconds : TransactionDefinition.TIMEOUT_DEFAULT);
	}

	/**
	 * Logins of one user with a limit are serialised on a row of
	 * {@code hybrid_auth_session_owner}, so concurrent logins cannot exceed it.
	 */
	@Override
	public List<StoredSession> insert(StoredSession session, int maxPerUser, SessionLimitPolicy policy) {
		if (maxPerUser <= 0) {
			inTransaction(() -> persist(session));
			return List.of();
		}
		ensureOwnerRow(session.userId());
		return inTransaction(() -> {
			this.jdbc.sql("select user_id from hybrid_auth_session_owner where user_id = :userId for update")
				.param("userId", session.userId())
				.query(String.class)
				.list();
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
			persist(session);
			return evicted;
		});
	}

	private int persist(StoredSession session) {
		return this.jdbc
			.sql("insert into hybrid_auth_session (" + COLUMNS + ", version) values (:sessionId, "
					+ ":tokenHash, :userId, :authorities, :startedAt, :lastAccessedAt, :idleExpiresAt, "
					+ ":absoluteExpiresAt, :authenticatedAt, :revokedAt, :revocationReason, :ipAddress, :userAgent, 0)")
			.param("sessionId", session.sessionId())
			.param("tokenHash", session.tokenHash())
			.param("userId", session.userId())
			.param("authorities", AuthorityList.write(session.authorities()))
			.param("startedAt", timestamp(session.startedAt()))
			.param("lastAccessedAt", timestamp(session.lastAccessedAt()))
			.param("idleExpiresAt", timestamp(session.idleExpiresAt()))
			.param("absoluteExpiresAt", timestamp(session.absoluteExpiresAt()))
			.param("authenticatedAt", timestamp(session.authenticatedAt()))
			.param("revokedAt", timestamp(session.revokedAt()))
			.param("revocationReason",
					text((session.revocationReason() != null) ? session.revocationReason().name() : null))
			.param("ipAddress", text(session.ipAddress()))
			.param("userAgent", text(session.userAgent()))
			.update();
	}

	private void ensureOwnerRow(String userId) {
		boolean exists = !this.jdbc.sql("select user_id from hybrid_auth_session_owner where user_id = :userId")
			.param("userId", userId)
			.query(String.class)
			.list()
			.isEmpty();
		if (!exists) {
			try {
				inTransaction(() -> this.jdbc.sql("insert into hybrid_auth_session_owner (user_id) values (:userId)")
					.param("userId", userId)
					.update());
			}
			catch (DataIntegrityViolationException ex) {
				// a concurrent login inserted it first
			}
		}
	}

	@Override
	public Optional<StoredSession> findByTokenHash(String tokenHash) {
		return this.jdbc.sql("select " + COLUMNS + " from hybrid_auth_session where token_hash = :value")
			.param("value", tokenHash)
			.query(JdbcSessionStore::session)
			.optional();
	}

	@Override
	public Optional<StoredSession> findById(String sessionId) {
		return this.jdbc.sql("select " + COLUMNS + " from hybrid_auth_session where session_id = :value")
			.param("value", sessionId)
			.query(JdbcSessionStore::session)
			.optional();
	}

	@Override
	public List<StoredSession> findLiveByUser(String userId, Instant now) {
		return this.jdbc
			.sql("select " + COLUMNS + " from hybrid_auth_session where user_id = :userId and" + LIVE
					+ " order by started_at desc")
			.param("userId", userId)
			.param("now", timestamp(now))
			.query(JdbcSessionStore::session)
			.list();
	}

	@Override
	public OptionalLong countLive(Instant now) {
		Long count = this.jdbc.sql("select count(*) from hybrid_auth_session where" + LIVE)
			.param("now", timestamp(now))
			.query(Long.class)
			.single();
		return OptionalLong.of(count);
	}

	@Override
	public boolean touch(String sessionId, Instant now, Instant idleExpiresAt, Instant lastAccessedAtOrBefore) {
		return update("""
				update hybrid_auth_session set last_accessed_at = :now, idle_expires_at = :idleExpiresAt
				where session_id = :sessionId and revoked_at is null and last_accessed_at <= :lastAccessedAtOrBefore""",
				(sql) -> sql.param("now", timestamp(now))
					.param("idleExpiresAt", timestamp(idleExpiresAt))
					.param("sessionId", sessionId)
					.param("lastAccessedAtOrBefore", timestamp(lastAccessedAtOrBefore))) > 0;
	}

	@Override
	public boolean refresh(String sessionId, Instant now, Instant idleExpiresAt, List<String> authorities) {
		// Concurrent refreshes take their time before they wait for the row's lock: one
		// that gets it after a later one leaves the row as that one wrote it. Every
		// expression of the SET list reads the row as it was before the update.
		return update("""
				update hybrid_auth_session
				set last_accessed_at = case when last_accessed_at <= :now then :now else last_accessed_at end,
				idle_expires_at = case when last_accessed_at <= :now then :idleExpiresAt else idle_expires_at end,
				authorities = case when last_accessed_at <= :now then :authorities else authorities end
				where session_id = :sessionId and""" + LIVE,
				(sql) -> sql.param("now", timestamp(now))
					.param("idleExpiresAt", timestamp(idleExpiresAt))
					.param("authorities", AuthorityList.write(authorities))
					.param("sessionId", sessionId)) > 0;
	}

	@Override
	public boolean reauthenticate(String sessionId, String newTokenHash, Instant now, Instant idleExpiresAt,
			List<String> authorities) {
		return update("""
				update hybrid_auth_session set token_hash = :tokenHash, authenticated_at = :now,
				last_accessed_at = :now, idle_expires_at = :idleExpiresAt, authorities = :authorities
				where session_id = :sessionId and""" + LIVE,
				(sql) -> sql.param("tokenHash", newTokenHash)
					.param("now", timestamp(now))
					.param("idleExpiresAt", timestamp(idleExpiresAt))
					.param("authorities", AuthorityList.write(authorities))
					.param("sessionId", sessionId)) > 0;
	}

	@Override
	public Optional<StoredSession> revoke(String sessionId, RevocationReason reason, Instant now) {
		return inTransaction(() -> {
			Optional<StoredSession> session = findById(sessionId).filter((found) -> found.revokedAt() == null);
			if (session.isEmpty()) {
				return Optional.<StoredSession>empty();
			}
			int revoked = this.jdbc.sql("""
					update hybrid_auth_session set revoked_at = :now, revocation_reason = :reason
					where session_id = :sessionId and revoked_at is null""")
				.param("now", timestamp(now))
				.param("reason", reason.name())
				.param("sessionId", sessionId)
				.update();
			// a concurrent revocation may have come first: only the one that changed the
			// row reports and logs it
			if (revoked == 0) {
				return Optional.<StoredSession>empty();
			}
			logRevocation(RevocationEntry.Kind.SESSION, sessionId, session.get().userId(), now);
			return Optional.of(session.get().revoked(now, reason));
		});
	}

	@Override
	public List<StoredSession> revokeAll(String userId, RevocationReason reason, Instant now) {
		if (reason != RevocationReason.USER_DISABLED) {
			return revokeOthers(userId, null, reason, now);
		}
		return inTransaction(() -> {
			List<StoredSession> revoked = revokeOthers(userId, null, reason, now);
			logRevocation(RevocationEntry.Kind.USER, userId, userId, now);
			return revoked;
		});
	}

	@Override
	public int updateAuthorities(String userId, List<String> authorities) {
		return update("""
				update hybrid_auth_session set authorities = :authorities
				where user_id = :userId and revoked_at is null""",
				(sql) -> sql.param("authorities", AuthorityList.write(authorities)).param("userId", userId));
	}

	@Override
	public int updateAuthorities(String userId, List<String> authorities, Instant now) {
		Integer updated = inTransaction(() -> {
			int count = updateAuthorities(userId, authorities);
			logRevocation(RevocationEntry.Kind.USER, userId, userId, now);
			return count;
		});
		return (updated != null) ? updated : 0;
	}

	@Override
	public List<RevocationEntry> revocationsAfter(long afterId, int maxRows) {
		return this.jdbc
			.sql("select id, kind, subject, user_id, not_before from hybrid_auth_revocation where id > :afterId "
					+ "order by id fetch first " + maxRows + " rows only")
			.param("afterId", afterId)
			.query((row, rowNumber) -> new RevocationEntry(row.getLong("id"),
					RevocationEntry.Kind.valueOf(row.getString("kind")), row.getString("subject"),
					row.getString("user_id"), instant(row, "not_before")))
			.list();
	}

	@Override
	public int deleteRevocationsBefore(Instant before, int maxRows) {
		return update(
				"delete from hybrid_auth_revocation where id in (select id from hybrid_auth_revocation "
						+ "where created_at < :before fetch first " + maxRows + " rows only)",
				(sql) -> sql.param("before", timestamp(before)));
	}

	private void logRevocation(RevocationEntry.Kind kind, String subject, String userId, Instant at) {
		this.jdbc
			.sql("insert into hybrid_auth_revocation (kind, subject, user_id, not_before, created_at) "
					+ "values (:kind, :subject, :userId, :at, :at)")
			.param("kind", kind.name())
			.param("subject", subject)
			.param("userId", userId)
			.param("at", timestamp(at))
			.update();
	}

	/**
	 * Idle expiry is never later than absolute expiry, so revoked and idle-expired
	 * sessions cover every ended one. The subquery bounds how many rows one statement
	 * locks.
	 */
	@Override
	public int deleteEnded(Instant endedBefore, int maxRows) {
		return update("delete from hybrid_auth_session where session_id in (select session_id from "
				+ "hybrid_auth_session where revoked_at < :before or idle_expires_at < :before fetch first " + maxRows
				+ " rows only)", (sql) -> sql.param("before", timestamp(endedBefore)));
	}

	/**
	 * One transaction: the store's steps that the work calls join it, and the rows they
	 * update stay locked until it commits.
	 */
	@Override
	public <T> T atomically(Supplier<T> work) {
		return inTransaction(work);
	}

	/**
	 * A lease has ended at its {@code locked_until}, as a session has at its expiry.
	 */
	@Override
	public boolean acquireLease(String name, String holder, Instant now, Instant until) {
		int taken = update(
				"update hybrid_auth_lock set locked_until = :until, locked_by = :holder where name = :name "
						+ "and (locked_until <= :now or locked_by = :holder)",
				(sql) -> sql.param("until", timestamp(until))
					.param("holder", holder)
					.param("name", name)
					.param("now", timestamp(now)));
		if (taken > 0) {
			return true;
		}
		try {
			update("insert into hybrid_auth_lock (name, locked_until, locked_by) values (:name, :until, :holder)",
					(sql) -> sql.param("name", name).param("until", timestamp(until)).param("holder", holder));
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			// another node holds it
			return false;
		}
	}

	@Override
	public void releaseLease(String name, String holder) {
		update("update hybrid_auth_lock set locked_until = :until where name = :name and locked_by = :holder",
				(sql) -> sql.param("until", timestamp(Instant.EPOCH)).param("name", name).param("holder", holder));
	}

	private int update(String sql, UnaryOperator<JdbcClient.StatementSpec> parameters) {
		Integer updated = inTransaction(() -> parameters.apply(this.jdbc.sql(sql)).update());
		return (updated != null) ? updated : 0;
	}

	private <T> T inTransaction(Supplier<T> work) {
		return this.transactions.execute((status) -> work.get());
	}

	private static StoredSession session(ResultSet row, int rowNumber) throws SQLException {
		String reason = row.getString("revocation_reason");
		return new StoredSession(row.getString("session_id"), row.getString("token_hash"), row.getString("user_id"),
				AuthorityList.read(row.getString("authorities")), instant(row, "started_at"),
				instant(row, "last_accessed_at"), instant(row, "idle_expires_at"), instant(row, "absolute_expires_at"),
				instant(row, "authenticated_at"), instant(row, "revoked_at"),
				(reason != null) ? RevocationReason.valueOf(reason) : null, row.getString("ip_address"),
				row.getString("user_agent"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	// timestamp with time zone both ways, so that no JVM or session time zone shifts it;
	// typed nulls, so that the driver is not asked for the parameter's type
	private static SqlParameterValue timestamp(Instant instant) {
		return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE,
				(instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null);
	}

	private static SqlParameterValue text(String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

}
