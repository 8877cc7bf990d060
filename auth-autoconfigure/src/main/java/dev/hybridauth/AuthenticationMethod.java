package dev.hybridauth;

/**
 * How a request proved who it is.
 */
public enum AuthenticationMethod {

	/** A session JWT, verified locally without a database call. */
	JWT,

	/** A session token (cookie or bearer), checked live against the session store. */
	SESSION;

	/**
	 * The value of {@code authenticated_via} in the HTTP contract.
	 * @return {@code "jwt"} or {@code "session"}
	 */
	public String contractName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
