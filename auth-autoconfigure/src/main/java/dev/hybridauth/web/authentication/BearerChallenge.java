package dev.hybridauth.web.authentication;

/**
 * The {@code WWW-Authenticate} values of RFC 6750 and RFC 9470 that hybrid-auth sends.
 */
final class BearerChallenge {

	static final String MISSING = "Bearer";

	static final String INVALID_TOKEN = "Bearer error=\"invalid_token\", error_description=\""
			+ ProblemResponses.INVALID_CREDENTIAL + "\"";

	static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\", "
			+ "error_description=\"The request requires higher privileges.\"";

	private BearerChallenge() {
	}

	/**
	 * RFC 9470: the route needs a more recent login.
	 * @param maxAgeSeconds the largest acceptable age of the last authentication
	 * @return the challenge
	 */
	static String insufficientUserAuthentication(long maxAgeSeconds) {
		return "Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent "
				+ "authentication is required.\", max_age=" + maxAgeSeconds;
	}

}
