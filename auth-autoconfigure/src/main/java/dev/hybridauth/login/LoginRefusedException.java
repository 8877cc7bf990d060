package dev.hybridauth.login;

import java.time.Duration;

import dev.hybridauth.LoginLimit;

/**
 * A password check that did not take place, so its answer is not {@code 401}: the attempt
 * was throttled ({@code 429}), no check could start in time ({@code 503}), or the user
 * store or session store is unavailable ({@code 503}). Each carries how long the client
 * should wait ({@code Retry-After}) and a fixed sentence for the answer's detail, which
 * never echoes the attempt.
 * <p>
 * It is not an {@code AuthenticationException}: in a form login, Spring Security would
 * hand one to the form's failure handler, which redirects. It passes through the login
 * filter instead, and the hybrid-auth filter in front of it answers.
 */
public final class LoginRefusedException extends RuntimeException {

	private static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

	private final Reason reason;

	private final LoginLimit limit;

	private final Duration retryAfter;

	private LoginRefusedException(Reason reason, LoginLimit limit, Duration retryAfter, String detail,
			Throwable cause) {
		super(detail, cause, false, false);
		this.reason = reason;
		this.limit = limit;
		this.retryAfter = retryAfter;
	}

	static LoginRefusedException throttled(LoginThrottle.Refusal refusal) {
		return new LoginRefusedException(Reason.THROTTLED, refusal.limit(), refusal.retryAfter(),
				"Too many failed attempts. Try again later.", null);
	}

	static LoginRefusedException busy(Duration retryAfter) {
		return new LoginRefusedException(Reason.BUSY, null, retryAfter,
				"Too many logins are being checked at once. Try again shortly.", null);
	}

	/**
	 * A login that could not be checked or completed because a store it needs is
	 * unavailable.
	 * @param cause the store's failure
	 * @return the refusal, answered {@code 503} with {@code Retry-After: 5}
	 */
	public static LoginRefusedException unavailable(Throwable cause) {
		return new LoginRefusedException(Reason.UNAVAILABLE, null, UNAVAILABLE_RETRY_AFTER,
				"Logins are unavailable at the moment. Try again shortly.", cause);
	}

	/**
	 * Returns why the attempt was refused.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Returns whether the attempt was throttled ({@code 429}) rather than refused for
	 * want of capacity or of a store ({@code 503}).
	 * @return whether the reason is {@link Reason#THROTTLED}
	 */
	public boolean isThrottled() {
		return this.reason == Reason.THROTTLED;
	}

	/**
	 * Returns the limit that throttled the attempt.
	 * @return the limit, or {@code null} when the attempt was not throttled
	 */
	public LoginLimit getLimit() {
		return this.limit;
	}

	/**
	 * Returns how long the client should wait before it tries again.
	 * @return the wait
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Returns the {@code Retry-After} value: the wait in whole seconds, rounded up, at
	 * least one.
	 * @return the seconds to wait
	 */
	public long getRetryAfterSeconds() {
		long seconds = this.retryAfter.toSeconds() + ((this.retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

	/**
	 * Why a password check did not take place.
	 */
	public enum Reason {

		/** Too many failed attempts: {@code 429}. */
		THROTTLED,

		/** Every concurrent check was taken for longer than the wait: {@code 503}. */
		BUSY,

		/** The user store or session store is unavailable: {@code 503}. */
		UNAVAILABLE

	}

}
