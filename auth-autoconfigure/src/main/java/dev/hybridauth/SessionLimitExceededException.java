package dev.hybridauth;

/**
 * A login was refused because the user already has
 * {@code hybrid-auth.session.max-per-user} live sessions and the policy is to refuse new
 * ones.
 */
public class SessionLimitExceededException extends RuntimeException {

	public SessionLimitExceededException(int maxPerUser) {
		super("The user already has the maximum of " + maxPerUser + " sessions");
	}

}
