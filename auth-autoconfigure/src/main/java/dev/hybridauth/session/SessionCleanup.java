package dev.hybridauth.session;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.hybridauth.support.PeriodicTask;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Deletes sessions that ended (revoked, or past their idle or absolute expiry) more than the retention period
 * ago, in batches of bounded size, so that no statement holds many locks or runs long. When several nodes share
 * the database, one at a time runs it: a node takes a lease on the {@code hybrid_auth_lock} row
 * {@code session-cleanup} and the others skip that round.
 */
public class SessionCleanup implements SmartLifecycle {

    static final String LOCK_NAME = "session-cleanup";

    private final JdbcTemplate jdbc;

    private final Clock clock;

    private final Duration retention;

    private final int batchSize;

    private final Duration interval;

    private final String nodeId = nodeName() + "/" + UUID.randomUUID();

    private final PeriodicTask schedule;

    /**
     * @param jdbc the database
     * @param clock the clock
     * @param retention how long ended sessions are kept (for audit) before they are deleted
     * @param batchSize the most rows one delete statement removes
     * @param interval how often the cleanup runs: the lease lasts that long
     */
    public SessionCleanup(JdbcTemplate jdbc, Clock clock, Duration retention, int batchSize, Duration interval) {
        Assert.isTrue(!retention.isNegative(), "retention cannot be negative");
        Assert.isTrue(batchSize > 0, "batchSize must be positive");
        Assert.isTrue(!interval.isNegative() && !interval.isZero(), "interval must be positive");
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.batchSize = batchSize;
        this.interval = interval;
        this.schedule = new PeriodicTask("hybrid-auth-cleanup", interval, this::run);
    }

    /**
     * Runs one cleanup if no other node is running one.
     * @return how many sessions were deleted, or {@code -1} when another node holds the lease
     */
    public int run() {
        Instant now = clock.instant();
        if (!acquireLease(now)) {
            return -1;
        }
        try {
            Timestamp cutoff = Timestamp.from(now.minus(retention));
            // Idle expiry is never later than absolute expiry, so these two cover every ended session.
            return deleteInBatches("revoked_at < ?", cutoff) + deleteInBatches("idle_expires_at < ?", cutoff);
        }
        finally {
            releaseLease();
        }
    }

    private int deleteInBatches(String condition, Timestamp cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update("delete from hybrid_auth_session where session_id in (select session_id from "
                    + "hybrid_auth_session where " + condition + " fetch first " + batchSize + " rows only)", cutoff);
            total += deleted;
        }
        while (deleted == batchSize);
        return total;
    }

    private boolean acquireLease(Instant now) {
        Timestamp until = Timestamp.from(now.plus(interval));
        try {
            jdbc.update("insert into hybrid_auth_lock (name, locked_until, locked_by) values (?, ?, ?)", LOCK_NAME,
                    until, nodeId);
            return true;
        }
        catch (DuplicateKeyException ex) {
            return jdbc.update("update hybrid_auth_lock set locked_until = ?, locked_by = ? where name = ? "
                    + "and locked_until < ?", until, nodeId, LOCK_NAME, Timestamp.from(now)) == 1;
        }
    }

    private void releaseLease() {
        jdbc.update("update hybrid_auth_lock set locked_until = ? where name = ? and locked_by = ?",
                Timestamp.from(Instant.EPOCH), LOCK_NAME, nodeId);
    }

    @Override
    public void start() {
        schedule.start();
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }

    private static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (java.io.IOException ex) {
            return "node";
        }
    }

}
