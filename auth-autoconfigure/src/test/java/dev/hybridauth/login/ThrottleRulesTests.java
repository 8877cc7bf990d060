package dev.hybridauth.login;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.LoginLimit;
import dev.hybridauth.login.ThrottleRules.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ThrottleRules}, with the default limits.
 */
class ThrottleRulesTests {

	private static final long SECOND = 1000;

	private static final long MINUTE = 60 * SECOND;

	private final ThrottleRules rules = new ThrottleRules(5, Duration.ofSeconds(1), Duration.ofMinutes(15), 50, 100,
			Duration.ofMinutes(15));

	@Test
	void pairIsBlockedFromItsFifthFailureWithAWindowDoublingUpToTheMaximum() {
		State state = null;
		List<Long> windows = new ArrayList<>();
		long now = 0;
		for (int failure = 1; failure <= 17; failure++) {
			state = this.rules.afterFailure(LoginLimit.PAIR, state, now);
			windows.add(Math.max(0, state.blockedUntil() - now) / SECOND);
			now = Math.max(now, state.blockedUntil());
		}
		assertThat(windows).containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 900L, 900L,
				900L);
	}

	@Test
	void pairRefusesInsideItsWindowOnlyAndSaysHowLong() {
		State state = null;
		for (int failure = 1; failure <= 6; failure++) {
			state = this.rules.afterFailure(LoginLimit.PAIR, state, 0);
		}
		assertThat(this.rules.refusal(LoginLimit.PAIR, state, 0))
			.isEqualTo(new LoginThrottle.Refusal(LoginLimit.PAIR, Duration.ofSeconds(2)));
		assertThat(this.rules.refusal(LoginLimit.PAIR, state, 1500))
			.isEqualTo(new LoginThrottle.Refusal(LoginLimit.PAIR, Duration.ofMillis(500)));
		assertThat(this.rules.refusal(LoginLimit.PAIR, state, 2 * SECOND)).isNull();
	}

	@Test
	void pairFailuresAreForgottenAWindowAfterTheBackOffEnds() {
		State state = null;
		for (int failure = 1; failure <= 5; failure++) {
			state = this.rules.afterFailure(LoginLimit.PAIR, state, 0);
		}
		assertThat(state.expiresAt()).isEqualTo(SECOND + 15 * MINUTE);
		State justBefore = this.rules.afterFailure(LoginLimit.PAIR, state, SECOND + 15 * MINUTE - 1);
		assertThat(justBefore.failures()).as("remembered").isEqualTo(6);
		State after = this.rules.afterFailure(LoginLimit.PAIR, state, SECOND + 15 * MINUTE);
		assertThat(after.failures()).as("forgotten").isEqualTo(1);
		assertThat(after.blockedUntil()).isZero();
	}

	@Test
	void accountIsBlockedAtItsLimitUntilTheWindowThatOpenedAtItsFirstFailureEnds() {
		State state = null;
		for (int failure = 1; failure <= 49; failure++) {
			state = this.rules.afterFailure(LoginLimit.ACCOUNT, state, failure * SECOND);
		}
		assertThat(this.rules.refusal(LoginLimit.ACCOUNT, state, 50 * SECOND)).as("49 failures").isNull();
		state = this.rules.afterFailure(LoginLimit.ACCOUNT, state, 50 * SECOND);
		assertThat(this.rules.refusal(LoginLimit.ACCOUNT, state, 50 * SECOND)).isEqualTo(
				new LoginThrottle.Refusal(LoginLimit.ACCOUNT, Duration.ofMinutes(15).minus(Duration.ofSeconds(49))));
		assertThat(this.rules.refusal(LoginLimit.ACCOUNT, state, SECOND + 15 * MINUTE)).as("a new window").isNull();
		assertThat(this.rules.afterFailure(LoginLimit.ACCOUNT, state, SECOND + 15 * MINUTE).failures()).isEqualTo(1);
	}

	@Test
	void addressHasItsOwnLimit() {
		State state = null;
		for (int failure = 1; failure <= 99; failure++) {
			state = this.rules.afterFailure(LoginLimit.ADDRESS, state, 0);
		}
		assertThat(this.rules.refusal(LoginLimit.ADDRESS, state, 0)).isNull();
		state = this.rules.afterFailure(LoginLimit.ADDRESS, state, 0);
		assertThat(this.rules.refusal(LoginLimit.ADDRESS, state, 0)).isNotNull();
	}

	@Test
	void aLongBackOffDoesNotOverflow() {
		ThrottleRules rules = new ThrottleRules(1, Duration.ofDays(1), Duration.ofDays(365 * 100), 50, 100,
				Duration.ofMinutes(15));
		State state = null;
		for (int failure = 1; failure <= 100; failure++) {
			state = rules.afterFailure(LoginLimit.PAIR, state, 0);
		}
		assertThat(state.blockedUntil()).isEqualTo(Duration.ofDays(365 * 100).toMillis());
	}

	@Test
	void limitsMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ThrottleRules(0, Duration.ofSeconds(1), Duration.ofMinutes(15), 50, 100,
					Duration.ofMinutes(15)))
			.withMessage("max-failures must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> new ThrottleRules(5, Duration.ofSeconds(1), Duration.ofMinutes(15), 50, 100, Duration.ZERO))
			.withMessage("window must be at least 1ms");
	}

}
