package dev.hybridauth;

/**
 * What a login does when the user already has {@code hybrid-auth.session.max-per-user}
 * live sessions.
 */
public enum SessionLimitPolicy {

	/**
	 * Revoke the oldest sessions to make room (reason
	 * {@link RevocationReason#SESSION_LIMIT}).
	 */
	EVICT_OLDEST,

	/** Refuse the new login. */
	REFUSE

}
