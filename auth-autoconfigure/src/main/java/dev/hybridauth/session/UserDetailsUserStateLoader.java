package dev.hybridauth.session;

import dev.hybridauth.UserState;
import dev.hybridauth.UserStateLoader;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The default {@link UserStateLoader}: a local user through the application's
 * {@link UserDetailsService}; a federated user id (see
 * {@link DefaultSessionUserIdResolver}) is never looked up as a username, and keeps its
 * sessions' authorities, as every user does when the application has no
 * {@code UserDetailsService}.
 */
final class UserDetailsUserStateLoader implements UserStateLoader {

	private final UserDetailsService userDetailsService;

	/**
	 * Creates the loader.
	 * @param userDetailsService the application's users, or {@code null} when it has none
	 */
	UserDetailsUserStateLoader(UserDetailsService userDetailsService) {
		this.userDetailsService = userDetailsService;
	}

	@Override
	public UserState load(String userId) {
		if (this.userDetailsService == null || DefaultSessionUserIdResolver.isFederated(userId)) {
			return UserState.unchanged();
		}
		try {
			return UserState.of(this.userDetailsService.loadUserByUsername(userId));
		}
		catch (UsernameNotFoundException ex) {
			return UserState.unusable();
		}
	}

}
