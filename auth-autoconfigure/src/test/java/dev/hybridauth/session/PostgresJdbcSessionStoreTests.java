package dev.hybridauth.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import dev.hybridauth.SessionLimitPolicy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store contract on {@link JdbcSessionStore} and the embedded PostgreSQL, with the
 * PostgreSQL schema script, in a schema of its own; and the statement timeout, which
 * cancels a statement that waits on a lock.
 */
class PostgresJdbcSessionStoreTests extends AbstractSessionStoreTests {

	/** PostgreSQL's SQLSTATE of a statement cancelled by its timeout. */
	private static final String QUERY_CANCELED = "57014";

	private static JdbcStoreDatabase database;

	@BeforeAll
	static void startDatabase() {
		database = JdbcStoreDatabase.postgres("hybrid_auth_jdbc_store_tests");
	}

	@AfterAll
	static void stopDatabase() {
		database.close();
	}

	@AfterEach
	void restoreTheTimeout() {
		database.store().setStatementTimeout(Duration.ofSeconds(5));
	}

	@Override
	SessionStore store() {
		return database.store();
	}

	@Override
	void emptyStore() {
		database.deleteAll();
	}

	@Test
	void aWriteWaitingOnALockedRowIsCancelledAfterTheStatementTimeout() throws Exception {
		StoredSession session = session(BOB, NOW);
		store().insert(session, 0, SessionLimitPolicy.EVICT_OLDEST);
		database.store().setStatementTimeout(Duration.ofSeconds(1));
		try (Connection locker = database.dataSource().getConnection()) {
			locker.setAutoCommit(false);
			try (Statement statement = locker.createStatement()) {
				statement.executeQuery("select session_id from hybrid_auth_session where session_id = '"
						+ session.sessionId() + "' for update");
			}

			assertCancelledWithinTheTimeout(
					() -> store().touch(session.sessionId(), NOW.plusSeconds(60), NOW.plusSeconds(60).plus(IDLE), NOW));

			locker.rollback();
		}
		assertThat(store().touch(session.sessionId(), NOW.plusSeconds(60), NOW.plusSeconds(60).plus(IDLE), NOW))
			.as("the lock released, the same write succeeds")
			.isTrue();
	}

	@Test
	void aReadWaitingOnALockedTableIsCancelledAfterTheStatementTimeout() throws Exception {
		StoredSession session = session(BOB, NOW);
		store().insert(session, 0, SessionLimitPolicy.EVICT_OLDEST);
		database.store().setStatementTimeout(Duration.ofSeconds(1));
		try (Connection locker = database.dataSource().getConnection()) {
			locker.setAutoCommit(false);
			try (Statement statement = locker.createStatement()) {
				statement.execute("lock table hybrid_auth_session in access exclusive mode");
			}

			assertCancelledWithinTheTimeout(() -> store().findByTokenHash(session.tokenHash()));

			locker.rollback();
		}
		assertThat(store().findByTokenHash(session.tokenHash())).as("the lock released, the same read succeeds")
			.isEqualTo(Optional.of(session));
	}

	private static void assertCancelledWithinTheTimeout(ThrowingCallable statement) {
		long start = System.nanoTime();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(statement)
			.havingRootCause()
			.isInstanceOfSatisfying(SQLException.class,
					(ex) -> assertThat(ex.getSQLState()).as("cancelled by the timeout").isEqualTo(QUERY_CANCELED));
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
	}

}
