package dev.hybridauth.metrics;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.LoginLimit;

/**
 * Where hybrid-auth reports what it does on the request path. With Micrometer on the
 * classpath and a {@code MeterRegistry} bean, the auto-configuration records these as
 * meters; otherwise they go nowhere.
 */
public interface HybridAuthMetrics {

	/** Records nothing. */
	HybridAuthMetrics NONE = new HybridAuthMetrics() {
	};

	/**
	 * A request presented a credential.
	 * @param method the kind of credential
	 * @param success whether it authenticated the request
	 */
	default void authentication(AuthenticationMethod method, boolean success) {
	}

	/**
	 * A sensitive route checked a session live.
	 * @param success whether the session was live
	 */
	default void liveCheck(boolean success) {
	}

	/**
	 * A refresh handed out the JWT of a refresh of the same session made on this node
	 * within {@code hybrid-auth.refresh.reuse-window}, without signing or writing the
	 * session (refreshes that sign are counted by their event).
	 */
	default void refreshReused() {
	}

	/**
	 * A password check was refused before its hash because of too many failed attempts.
	 * @param limit the limit that refused it
	 */
	default void loginThrottled(LoginLimit limit) {
	}

	/**
	 * The revocation feed read the revocation log, or failed to (the database could not
	 * be reached); the JWT path goes on with the view it has.
	 * @param success whether the read succeeded
	 * @param rowsRead how many log rows it read
	 * @param viewSize how many entries the node's revocation view holds after it
	 */
	default void revocationPoll(boolean success, int rowsRead, int viewSize) {
	}

	/**
	 * The revocation feed heard, on PostgreSQL, that rows were added to the revocation
	 * log.
	 * @param notifications how many notifications arrived
	 */
	default void revocationNotifications(int notifications) {
	}

	/**
	 * The revocation feed's state changed, or was checked after a read of the log.
	 * @param listening whether it holds its connection for notifications
	 * @param silent whether it has gone longer than
	 * {@code hybrid-auth.revocation.max-delay} without reading the log
	 */
	default void revocationFeedState(boolean listening, boolean silent) {
	}

}
