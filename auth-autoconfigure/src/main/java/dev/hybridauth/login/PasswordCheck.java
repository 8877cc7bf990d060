package dev.hybridauth.login;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.hybridauth.event.HybridLoginThrottledEvent;
import dev.hybridauth.metrics.HybridAuthMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.TransactionException;
import org.springframework.util.Assert;

/**
 * How hybrid-auth checks a password, the one way for {@code POST {base}/login},
 * {@code POST {base}/reauthenticate} and the form login of a chain with the DSL:
 * <ol>
 * <li>it waits for one of {@code hybrid-auth.login.max-concurrent-checks} permits, at
 * most {@code hybrid-auth.login.check-wait}; without one the attempt is refused as busy
 * ({@code 503}), so that a flood of logins cannot take every processor for password
 * hashes;</li>
 * <li>it asks the {@link LoginThrottle}; a throttled attempt is refused ({@code 429}),
 * published as a {@link HybridLoginThrottledEvent} and counted, and no hash is computed.
 * Asking with the permit held bounds how many attempts can pass the throttle before the
 * failures of the ones in flight are recorded;</li>
 * <li>the application's {@code AuthenticationManager} checks the password. A failure of
 * the user store ({@code AuthenticationServiceException}, which Spring Security's
 * providers throw for it, or a {@code DataAccessException} anywhere in the cause chain)
 * is refused as unavailable ({@code 503}) and not counted; any other
 * {@code AuthenticationException} is a failed attempt: recorded, and thrown on
 * ({@code 401}); a success is recorded too.</li>
 * </ol>
 * The throttle's own database failing is an outage too ({@code 503}): an attempt is never
 * checked without the throttle. The auto-configuration makes the one instance; an
 * application's own login endpoint may use it too, to get the same protection.
 */
public final class PasswordCheck {

	private static final Log logger = LogFactory.getLog(PasswordCheck.class);

	private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

	private final LoginThrottle throttle;

	private final Semaphore permits;

	private final long waitNanos;

	private final ApplicationEventPublisher events;

	private final HybridAuthMetrics metrics;

	PasswordCheck(LoginThrottle throttle, int maxConcurrentChecks, Duration wait, ApplicationEventPublisher events,
			HybridAuthMetrics metrics) {
		Assert.notNull(throttle, "throttle cannot be null");
		Assert.isTrue(maxConcurrentChecks > 0, "max-concurrent-checks must be positive");
		Assert.isTrue(!wait.isNegative(), "check-wait cannot be negative");
		Assert.notNull(events, "events cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.throttle = throttle;
		this.permits = new Semaphore(maxConcurrentChecks, true);
		this.waitNanos = wait.toNanos();
		this.events = events;
		this.metrics = metrics;
	}

	/**
	 * Checks the password of an attempt with the authentication manager, throttled and
	 * bounded in concurrency.
	 * @param authenticationManager the manager that checks the password
	 * @param attempt the unauthenticated attempt, whose name is the username (a
	 * {@code UsernamePasswordAuthenticationToken}, with whatever details the manager
	 * reads)
	 * @param address the client address ({@code request.getRemoteAddr()})
	 * @return the authentication the manager returned
	 * @throws AuthenticationException when the password is wrong, the user unknown, or
	 * the account may not log in: a failure, recorded
	 * @throws LoginRefusedException when the password was not checked: throttled, busy,
	 * or the user store (or the throttle's database) unavailable
	 */
	public Authentication authenticate(AuthenticationManager authenticationManager, Authentication attempt,
			String address) {
		String username = attempt.getName();
		acquirePermit();
		try {
			return check(authenticationManager, attempt, username, address);
		}
		catch (DataAccessException | TransactionException ex) {
			// the throttle's store, or a manager that lets its store's failure through
			throw unavailable(ex);
		}
		finally {
			this.permits.release();
		}
	}

	private Authentication check(AuthenticationManager authenticationManager, Authentication attempt, String username,
			String address) {
		Optional<LoginThrottle.Refusal> refusal = this.throttle.check(username, address);
		if (refusal.isPresent()) {
			throw throttled(username, address, refusal.get());
		}
		Authentication authenticated;
		try {
			authenticated = authenticationManager.authenticate(attempt);
		}
		catch (AuthenticationException ex) {
			if (isOutage(ex)) {
				throw unavailable(ex);
			}
			this.throttle.recordFailure(username, address);
			throw ex;
		}
		this.throttle.recordSuccess(username, address);
		return authenticated;
	}

	private void acquirePermit() {
		try {
			if (this.permits.tryAcquire(this.waitNanos, TimeUnit.NANOSECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.debug("No password check could start in time: the attempt is refused as busy");
		throw LoginRefusedException.busy(BUSY_RETRY_AFTER);
	}

	private LoginRefusedException throttled(String username, String address, LoginThrottle.Refusal refusal) {
		this.metrics.loginThrottled(refusal.limit());
		this.events
			.publishEvent(new HybridLoginThrottledEvent(username, address, refusal.limit(), refusal.retryAfter()));
		return LoginRefusedException.throttled(refusal);
	}

	private static LoginRefusedException unavailable(RuntimeException ex) {
		logger.warn("A store failed during a password check (answered 503): " + causes(ex));
		return LoginRefusedException.unavailable(ex);
	}

	/**
	 * Whether the manager failed for want of its store rather than because of the
	 * attempt: Spring Security's providers wrap a user store's failure in an
	 * {@code InternalAuthenticationServiceException}.
	 * @param ex what the manager threw
	 * @return whether it is an outage, neither a failure nor a success of the attempt
	 */
	private static boolean isOutage(AuthenticationException ex) {
		if (ex instanceof AuthenticationServiceException) {
			return true;
		}
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof DataAccessException || cause instanceof TransactionException) {
				return true;
			}
		}
		return false;
	}

	private static String causes(Throwable ex) {
		StringBuilder causes = new StringBuilder(ex.getClass().getName());
		int depth = 0;
		for (Throwable cause = ex.getCause(); cause != null && depth < 5; cause = cause.getCause(), depth++) {
			causes.append(" <- ").append(cause.getClass().getName());
		}
		return causes.toString();
	}

}
