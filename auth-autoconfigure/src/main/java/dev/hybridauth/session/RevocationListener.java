package dev.hybridauth.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.SmartLifecycle;

/**
 * Listens, on PostgreSQL, for the notifications the schema's trigger sends when rows are
 * added to the revocation log, and has the {@link RevocationFeed} read them at once
 * instead of at its next poll. A notification only wakes the feed up: what enters the
 * view is always read from the log, so a notification with an unknown or malformed
 * payload changes nothing but an extra read.
 * <p>
 * The listener holds one connection of its own, outside the application's pool, on a
 * thread of its own. When the connection breaks, it connects again after a delay, and has
 * the feed read what it missed meanwhile; polling goes on in the meantime. On another
 * database it stops at once and polling alone feeds the view.
 */
class RevocationListener implements SmartLifecycle {

	/** The channel that the schema's trigger notifies. */
	static final String CHANNEL = "hybrid_auth_revocation";

	/** The {@code application_name} of the listener's connection. */
	static final String APPLICATION_NAME = "hybrid-auth-revocation-listener";

	private static final Log logger = LogFactory.getLog(RevocationListener.class);

	// how long one wait for notifications lasts: also how long stop() may wait
	private static final int WAIT_MILLIS = 250;

	// a connection that a network failure broke without a word is found by a check
	// after this long without notifications
	private static final Duration CHECK_AFTER = Duration.ofSeconds(10);

	private final DataSource dataSource;

	private final RevocationFeed feed;

	private final Duration reconnectDelay;

	private volatile Thread thread;

	private volatile Connection connection;

	RevocationListener(DataSource dataSource, RevocationFeed feed, Duration reconnectDelay) {
		this.dataSource = dataSource;
		this.feed = feed;
		this.reconnectDelay = reconnectDelay;
	}

	@Override
	public synchronized void start() {
		if (this.thread == null) {
			Thread listener = new Thread(this::listen, "hybrid-auth-revocation-listener");
			listener.setDaemon(true);
			this.thread = listener;
			listener.start();
		}
	}

	@Override
	public synchronized void stop() {
		Thread listener = this.thread;
		this.thread = null;
		if (listener != null) {
			listener.interrupt();
			closeQuietly(this.connection);
			try {
				listener.join(WAIT_MILLIS * 4L);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	/**
	 * Starts after the feed, which has read the log by then.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4000;
	}

	private boolean running() {
		return this.thread == Thread.currentThread() && !Thread.currentThread().isInterrupted();
	}

	private void listen() {
		boolean warned = false;
		while (running()) {
			try (Connection listening = this.dataSource.getConnection()) {
				if (!listening.isWrapperFor(PGConnection.class)) {
					logger.debug("The database is not PostgreSQL: the revocation feed polls only");
					return;
				}
				this.connection = listening;
				listening.setAutoCommit(true);
				try (Statement statement = listening.createStatement()) {
					// so that operators can tell it apart in pg_stat_activity
					statement.execute("set application_name = '" + APPLICATION_NAME + "'");
					statement.execute("listen " + CHANNEL);
				}
				this.feed.listening(true);
				if (warned) {
					logger.info("Listening for revocation notifications again");
					warned = false;
				}
				// what was logged while this node was not listening
				this.feed.notified(0);
				receive(listening.unwrap(PGConnection.class), listening);
			}
			catch (SQLException | RuntimeException ex) {
				this.feed.listening(false);
				if (running() && !warned) {
					logger.warn("Not listening for revocation notifications (polling goes on); connecting again every "
							+ this.reconnectDelay.toMillis() + " ms: " + ex.getClass().getName());
					warned = true;
				}
			}
			finally {
				this.connection = null;
			}
			pause();
		}
		this.feed.listening(false);
	}

	private void receive(PGConnection notifications, Connection listening) throws SQLException {
		long quietSince = System.nanoTime();
		while (running()) {
			PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
			if (received != null && received.length > 0) {
				this.feed.notified(received.length);
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > CHECK_AFTER.toNanos()) {
				if (!listening.isValid((int) CHECK_AFTER.toSeconds())) {
					throw new SQLException("The listening connection is no longer valid");
				}
				quietSince = System.nanoTime();
			}
		}
	}

	private void pause() {
		if (running()) {
			try {
				Thread.sleep(this.reconnectDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException | RuntimeException ex) {
				// the listener thread finds it closed and ends
			}
		}
	}

}
