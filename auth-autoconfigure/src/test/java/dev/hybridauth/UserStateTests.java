package dev.hybridauth;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UserState}.
 */
class UserStateTests {

	@Test
	void ofWhenAuthoritiesHaveFactorsAndNullsThenOnlyTheUsersAuthoritiesAreKept() {
		UserState state = UserState.of(Arrays.asList("ROLE_USER", null, "FACTOR_PASSWORD", "SCOPE_read"));

		assertThat(state.usable()).isTrue();
		assertThat(state.authorities()).containsExactly("ROLE_USER", "SCOPE_read");
	}

	@Test
	void ofUserDetailsWhenEnabledThenUsableWithItsAuthorities() {
		UserState state = UserState.of(user().build());

		assertThat(state.usable()).isTrue();
		assertThat(state.authorities()).containsExactly("ROLE_ADMIN", "ROLE_USER");
	}

	@Test
	void ofUserDetailsWhenDisabledLockedOrExpiredThenUnusable() {
		assertThat(UserState.of(user().disabled(true).build()).usable()).isFalse();
		assertThat(UserState.of(user().accountLocked(true).build()).usable()).isFalse();
		assertThat(UserState.of(user().accountExpired(true).build()).usable()).isFalse();
		assertThat(UserState.of((UserDetails) null).usable()).isFalse();
	}

	@Test
	void ofUserDetailsWhenOnlyTheCredentialsExpiredThenUsable() {
		assertThat(UserState.of(user().credentialsExpired(true).build()).usable()).isTrue();
	}

	@Test
	void unchangedIsUsableWithoutAuthorities() {
		assertThat(UserState.unchanged().usable()).isTrue();
		assertThat(UserState.unchanged().authorities()).isNull();
		assertThat(UserState.unusable().usable()).isFalse();
	}

	private static User.UserBuilder user() {
		return User.withUsername("alice").password("{noop}secret").roles("USER", "ADMIN");
	}

}
