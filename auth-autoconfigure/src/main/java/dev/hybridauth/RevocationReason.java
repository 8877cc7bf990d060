package dev.hybridauth;

/**
 * Why a session was revoked; recorded with the session and published with its revocation.
 */
public enum RevocationReason {

	/** The user logged out of this session. */
	LOGOUT,

	/** The user logged out of every session. */
	LOGOUT_ALL,

	/** The user ended this session from another one (device management). */
	REVOKED_BY_USER,

	/** A new login from the same client replaced this session. */
	REPLACED_BY_LOGIN,

	/** The user was disabled or deleted. */
	USER_DISABLED,

	/** The per-user session limit evicted this session. */
	SESSION_LIMIT,

	/** The application revoked the session through {@link HybridSessionService}. */
	APPLICATION

}
