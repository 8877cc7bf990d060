package dev.hybridauth.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hybridauth.it.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cleanup on a real PostgreSQL: ended sessions past the retention period go, in bounded batches, by one node
 * at a time; live sessions and recently ended ones stay.
 */
class SessionCleanupTests {

    private static final Duration RETENTION = Duration.ofDays(1);

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private DriverManagerDataSource dataSource;

    private JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
        dataSource = new DriverManagerDataSource(EmbeddedPostgres.jdbcUrl(), "postgres", "postgres");
        new ResourceDatabasePopulator(new ClassPathResource("dev/hybridauth/session/schema-postgresql.sql"))
            .execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("delete from hybrid_auth_session where user_id like 'cleanup-%'");
        jdbc.update("delete from hybrid_auth_lock");
    }

    @Test
    void twoCleanersAtOnceDeleteEveryEndedSessionOnceInBoundedBatches() throws Exception {
        insert("cleanup-idle", 1200, now.minus(Duration.ofDays(3)), null);
        insert("cleanup-revoked", 300, now.plus(Duration.ofMinutes(20)), now.minus(Duration.ofDays(2)));
        insert("cleanup-live", 100, now.plus(Duration.ofMinutes(20)), null);
        insert("cleanup-recently-ended", 50, now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(2)));
        AtomicInteger deleteStatements = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> cleaners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SessionCleanup cleanup = new SessionCleanup(countingDeletes(deleteStatements), fixedClock(), RETENTION, 100,
                    Duration.ofMinutes(15));
            cleaners.add(() -> {
                start.await();
                return cleanup.run();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (Callable<Integer> cleaner : cleaners) {
                results.add(pool.submit(cleaner));
            }
            start.countDown();
            List<Integer> deleted = List.of(results.get(0).get(), results.get(1).get());
            assertThat(deleted).containsExactlyInAnyOrder(1500, deleted.contains(-1) ? -1 : 0);
        }
        finally {
            pool.shutdown();
        }
        assertThat(count("cleanup-idle")).isZero();
        assertThat(count("cleanup-revoked")).isZero();
        assertThat(count("cleanup-live")).isEqualTo(100);
        assertThat(count("cleanup-recently-ended")).isEqualTo(50);
        assertThat(deleteStatements.get()).as("batches of 100, each at most 100 rows").isBetween(15, 20);
    }

    @Test
    void aCleanerSkipsItsRoundWhileAnotherNodeHoldsTheLease() {
        insert("cleanup-idle", 10, now.minus(Duration.ofDays(3)), null);
        jdbc.update("insert into hybrid_auth_lock (name, locked_until, locked_by) values (?, ?, ?)",
                SessionCleanup.LOCK_NAME, Timestamp.from(now.plus(Duration.ofMinutes(5))), "other-node");

        SessionCleanup cleanup = new SessionCleanup(jdbc, fixedClock(), RETENTION, 100, Duration.ofMinutes(15));

        assertThat(cleanup.run()).isEqualTo(-1);
        assertThat(count("cleanup-idle")).isEqualTo(10);
        jdbc.update("update hybrid_auth_lock set locked_until = ?", Timestamp.from(now.minusSeconds(1)));
        assertThat(cleanup.run()).as("an expired lease is taken over").isEqualTo(10);
    }

    private JdbcTemplate countingDeletes(AtomicInteger deleteStatements) {
        return new JdbcTemplate(dataSource) {
            @Override
            public int update(String sql, Object... args) {
                int updated = super.update(sql, args);
                if (sql.startsWith("delete from hybrid_auth_session")) {
                    deleteStatements.incrementAndGet();
                    assertThat(updated).isLessThanOrEqualTo(100);
                }
                return updated;
            }
        };
    }

    private Clock fixedClock() {
        return Clock.fixed(now, java.time.ZoneOffset.UTC);
    }

    private void insert(String user, int rows, Instant idleExpiresAt, Instant revokedAt) {
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String token = SessionTokens.newToken();
            Instant started = idleExpiresAt.minus(Duration.ofMinutes(30));
            batch.add(new Object[] { SessionTokens.newSessionId(), SessionTokens.hash(token), user, "ROLE_USER",
                    Timestamp.from(started), Timestamp.from(started), Timestamp.from(idleExpiresAt),
                    Timestamp.from(idleExpiresAt.plus(Duration.ofHours(8))), Timestamp.from(started),
                    (revokedAt != null) ? Timestamp.from(revokedAt) : null, (revokedAt != null) ? "LOGOUT" : null });
        }
        jdbc.batchUpdate("insert into hybrid_auth_session (session_id, token_hash, user_id, authorities, started_at, "
                + "last_accessed_at, idle_expires_at, absolute_expires_at, authenticated_at, revoked_at, "
                + "revocation_reason, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", batch);
    }

    private int count(String user) {
        Integer count = jdbc.queryForObject("select count(*) from hybrid_auth_session where user_id = ?",
                Integer.class, user);
        return (count != null) ? count : 0;
    }

}
