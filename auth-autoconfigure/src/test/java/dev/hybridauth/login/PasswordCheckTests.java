package dev.hybridauth.login;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.hybridauth.LoginLimit;
import dev.hybridauth.event.HybridLoginThrottledEvent;
import dev.hybridauth.metrics.HybridAuthMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PasswordCheck}: what it tells the throttle, and which failures are
 * outages rather than wrong passwords.
 */
class PasswordCheckTests {

	private static final Authentication ATTEMPT = UsernamePasswordAuthenticationToken.unauthenticated("alice",
			"secret");

	private static final String ADDRESS = "192.0.2.1";

	private final RecordingThrottle throttle = new RecordingThrottle();

	private final List<Object> events = new ArrayList<>();

	private final List<LoginLimit> throttled = new ArrayList<>();

	private final PasswordCheck check = new PasswordCheck(this.throttle, 1, Duration.ofMillis(100), this.events::add,
			new HybridAuthMetrics() {

				@Override
				public void loginThrottled(LoginLimit limit) {
					PasswordCheckTests.this.throttled.add(limit);
				}

			});

	@Test
	void aRightPasswordIsRecordedAsASuccess() {
		Authentication authenticated = new TestingAuthenticationToken("alice", null, "ROLE_USER");

		assertThat(this.check.authenticate((attempt) -> authenticated, ATTEMPT, ADDRESS)).isSameAs(authenticated);

		assertThat(this.throttle.calls).containsExactly("check alice " + ADDRESS, "success alice " + ADDRESS);
	}

	@Test
	void aWrongPasswordIsRecordedAsAFailureAndThrownOn() {
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> this.check
			.authenticate(failing(new BadCredentialsException("Bad credentials")), ATTEMPT, ADDRESS));

		assertThat(this.throttle.calls).containsExactly("check alice " + ADDRESS, "failure alice " + ADDRESS);
	}

	@Test
	void anAccountThatMayNotLogInCountsAsAFailure() {
		assertThatExceptionOfType(DisabledException.class).isThrownBy(
				() -> this.check.authenticate(failing(new DisabledException("User is disabled")), ATTEMPT, ADDRESS));

		assertThat(this.throttle.calls).contains("failure alice " + ADDRESS);
	}

	@Test
	void aDirectoryThatCannotBeReachedIsAnOutageNotAFailure() {
		// what an LDAP provider throws when the directory does not answer
		AuthenticationManager ldap = failing(new AuthenticationServiceException("ldap: connection refused"));

		assertThatExceptionOfType(LoginRefusedException.class)
			.isThrownBy(() -> this.check.authenticate(ldap, ATTEMPT, ADDRESS))
			.satisfies((refused) -> {
				assertThat(refused.getReason()).isEqualTo(LoginRefusedException.Reason.UNAVAILABLE);
				assertThat(refused.getRetryAfterSeconds()).isEqualTo(5);
				assertThat(refused.getMessage()).doesNotContain("ldap");
			});
		assertThat(this.throttle.calls).containsExactly("check alice " + ADDRESS);
	}

	@Test
	void aUserStoreFailureWrappedBySpringSecurityIsAnOutage() {
		AuthenticationManager database = failing(new InternalAuthenticationServiceException("Connection refused",
				new DataAccessResourceFailureException("Connection refused")));

		assertThatExceptionOfType(LoginRefusedException.class)
			.isThrownBy(() -> this.check.authenticate(database, ATTEMPT, ADDRESS))
			.satisfies((refused) -> assertThat(refused.isThrottled()).isFalse());
		assertThat(this.throttle.calls).containsExactly("check alice " + ADDRESS);
	}

	@Test
	void aDataAccessExceptionAnywhereInTheCauseChainIsAnOutage() {
		AuthenticationManager custom = failing(new BadCredentialsException("lookup failed",
				new IllegalStateException(new DataAccessResourceFailureException("Connection refused"))));

		assertThatExceptionOfType(LoginRefusedException.class)
			.isThrownBy(() -> this.check.authenticate(custom, ATTEMPT, ADDRESS));
		assertThat(this.throttle.calls).doesNotContain("failure alice " + ADDRESS);
	}

	@Test
	void theThrottlesOwnDatabaseFailingIsAnOutage() {
		this.throttle.failure = new DataAccessResourceFailureException("Connection refused");

		assertThatExceptionOfType(LoginRefusedException.class)
			.isThrownBy(() -> this.check.authenticate((attempt) -> attempt, ATTEMPT, ADDRESS))
			.satisfies(
					(refused) -> assertThat(refused.getReason()).isEqualTo(LoginRefusedException.Reason.UNAVAILABLE));
	}

	@Test
	void aThrottledAttemptIsRefusedBeforeTheManagerIsAskedAndIsPublished() {
		this.throttle.refusal = new LoginThrottle.Refusal(LoginLimit.ACCOUNT, Duration.ofMillis(1500));
		List<Authentication> asked = new ArrayList<>();

		assertThatExceptionOfType(LoginRefusedException.class).isThrownBy(() -> this.check.authenticate((attempt) -> {
			asked.add(attempt);
			return attempt;
		}, ATTEMPT, ADDRESS)).satisfies((refused) -> {
			assertThat(refused.isThrottled()).isTrue();
			assertThat(refused.getLimit()).isEqualTo(LoginLimit.ACCOUNT);
			assertThat(refused.getRetryAfterSeconds()).as("rounded up").isEqualTo(2);
		});

		assertThat(asked).isEmpty();
		assertThat(this.throttle.calls).containsExactly("check alice " + ADDRESS);
		assertThat(this.events).containsExactly(
				new HybridLoginThrottledEvent("alice", ADDRESS, LoginLimit.ACCOUNT, Duration.ofMillis(1500)));
		assertThat(this.throttled).containsExactly(LoginLimit.ACCOUNT);
	}

	@Test
	void anAttemptThatFindsEveryPermitTakenIsRefusedAsBusyAndThePermitComesBack() throws Exception {
		CountDownLatch checking = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Authentication> holder = CompletableFuture
			.supplyAsync(() -> this.check.authenticate((attempt) -> {
				checking.countDown();
				await(release);
				return attempt;
			}, ATTEMPT, ADDRESS));
		assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();

		assertThatExceptionOfType(LoginRefusedException.class)
			.isThrownBy(() -> this.check.authenticate((attempt) -> attempt, ATTEMPT, "192.0.2.2"))
			.satisfies((refused) -> {
				assertThat(refused.getReason()).isEqualTo(LoginRefusedException.Reason.BUSY);
				assertThat(refused.getRetryAfterSeconds()).isEqualTo(1);
			});
		assertThat(this.throttle.calls).as("the busy attempt never reached the throttle")
			.doesNotContain("check alice 192.0.2.2");

		release.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isSameAs(ATTEMPT);
		assertThat(this.check.authenticate((attempt) -> attempt, ATTEMPT, "192.0.2.2")).as("the permit is back")
			.isSameAs(ATTEMPT);
	}

	private static AuthenticationManager failing(RuntimeException failure) {
		return (attempt) -> {
			throw failure;
		};
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static class RecordingThrottle implements LoginThrottle {

		final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		volatile Refusal refusal;

		volatile RuntimeException failure;

		@Override
		public Optional<Refusal> check(String username, String address) {
			if (this.failure != null) {
				throw this.failure;
			}
			this.calls.add("check " + username + " " + address);
			return Optional.ofNullable(this.refusal);
		}

		@Override
		public void recordFailure(String username, String address) {
			this.calls.add("failure " + username + " " + address);
		}

		@Override
		public void recordSuccess(String username, String address) {
			this.calls.add("success " + username + " " + address);
		}

	}

}
