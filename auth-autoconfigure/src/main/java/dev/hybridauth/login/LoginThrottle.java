package dev.hybridauth.login;

import java.time.Duration;
import java.util.Optional;

import dev.hybridauth.LoginLimit;

/**
 * Throttles password guessing: asked before a password hash is computed whether the
 * attempt may be checked at all, and told the outcome after. hybrid-auth asks it for
 * every password check ({@code POST {base}/login}, {@code POST {base}/reauthenticate},
 * and the form login of a chain with the DSL), through {@link PasswordCheck}.
 * <p>
 * The auto-configured throttle applies the rules of the
 * {@code hybrid-auth.login.throttle.*} properties: per account and client address, per
 * account and per address, with its counters in the database when there is one, else in
 * bounded memory. A bean of this type of the application's replaces it.
 * <p>
 * Implementations must be thread-safe; the username is the one the client typed and the
 * address is {@code request.getRemoteAddr()}, both personal data: keep them hashed.
 */
public interface LoginThrottle {

	/** Never refuses and records nothing. */
	LoginThrottle NONE = new LoginThrottle() {

		@Override
		public Optional<Refusal> check(String username, String address) {
			return Optional.empty();
		}

		@Override
		public void recordFailure(String username, String address) {
		}

		@Override
		public void recordSuccess(String username, String address) {
		}

	};

	/**
	 * Tells whether the password of an attempt may be checked now, before its hash is
	 * computed.
	 * @param username the username of the attempt, as typed
	 * @param address the client address
	 * @return the refusal (the client gets {@code 429} with {@code Retry-After}), or
	 * empty when the password may be checked
	 */
	Optional<Refusal> check(String username, String address);

	/**
	 * Records a failed password check: a wrong password, an unknown user, or an account
	 * that may not log in. An outage of the user store is never recorded.
	 * @param username the username of the attempt, as typed
	 * @param address the client address
	 */
	void recordFailure(String username, String address);

	/**
	 * Records a right password: the failures of this account from this address are
	 * forgotten.
	 * @param username the username of the attempt, as typed
	 * @param address the client address
	 */
	void recordSuccess(String username, String address);

	/**
	 * Why an attempt may not be checked now.
	 *
	 * @param limit the limit that refuses it
	 * @param retryAfter how long until that limit lets the attempt through
	 */
	record Refusal(LoginLimit limit, Duration retryAfter) {

	}

}
