package dev.hybridauth.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.util.Assert;

/**
 * Runs a background job of hybrid-auth (key reloads, session cleanup) on a daemon thread of its own, with a fixed
 * delay, from the application context's start to its stop. A failing run is logged and retried at the next one.
 */
public final class PeriodicTask implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(PeriodicTask.class);

    private final String name;

    private final Duration interval;

    private final Runnable job;

    private ScheduledExecutorService scheduler;

    /**
     * @param name the thread's name
     * @param interval the delay between the end of one run and the start of the next
     * @param job the job
     */
    public PeriodicTask(String name, Duration interval, Runnable job) {
        Assert.isTrue(!interval.isNegative() && !interval.isZero(), "interval must be positive");
        this.name = name;
        this.interval = interval;
        this.job = job;
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(interval.toMillis(), 100);
            scheduler.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void runQuietly() {
        try {
            job.run();
        }
        catch (DataAccessException ex) {
            logger.warn(name + " failed, will retry: " + ex.getClass().getName());
        }
        catch (RuntimeException ex) {
            logger.error(name + " failed, will retry", ex);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

}
