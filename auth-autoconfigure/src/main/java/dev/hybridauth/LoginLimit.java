package dev.hybridauth;

/**
 * The limits that throttle failed password checks: which one refused an attempt.
 */
public enum LoginLimit {

	/**
	 * Failures of one account from one client address: after
	 * {@code hybrid-auth.login.throttle.max-failures}, a back-off window that doubles
	 * with each further failure.
	 */
	PAIR,

	/**
	 * Failures of one account from every address within the window:
	 * {@code hybrid-auth.login.throttle.account-max-failures}.
	 */
	ACCOUNT,

	/**
	 * Failures from one client address for every account within the window:
	 * {@code hybrid-auth.login.throttle.address-max-failures}.
	 */
	ADDRESS

}
