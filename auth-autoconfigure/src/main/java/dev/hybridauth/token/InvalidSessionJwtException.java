package dev.hybridauth.token;

/**
 * A session JWT was refused. The message says why for logs and tests; it never reaches a
 * response, which is the same for every refusal.
 */
public class InvalidSessionJwtException extends Exception {

	private final boolean expiredOnly;

	public InvalidSessionJwtException(String message) {
		this(message, false);
	}

	InvalidSessionJwtException(String message, boolean expiredOnly) {
		super(message, null, false, false);
		this.expiredOnly = expiredOnly;
	}

	/**
	 * Whether the token was refused for its expiry alone: signed by a published key, with
	 * valid claims, but past its {@code exp} plus the clock skew (and any grace period).
	 * @return {@code true} when the token is genuine and well-formed and its only fault
	 * is its expiry
	 */
	public boolean isExpiredOnly() {
		return this.expiredOnly;
	}

}
