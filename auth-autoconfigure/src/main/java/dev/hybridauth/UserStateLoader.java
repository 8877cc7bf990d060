package dev.hybridauth;

/**
 * Loads a session's user as the application's user store holds them now, so that a user
 * who is disabled, deleted or has lost a role loses their sessions without the
 * application having to tell hybrid-auth. The {@link HybridSessionService} calls it at
 * every refresh and, on the live paths (a session token, a sensitive route), when a
 * session's touch is due: at most once per {@code hybrid-auth.session.touch-interval} per
 * session. A user found unusable has every session revoked
 * ({@link RevocationReason#USER_DISABLED}); authorities found changed are recorded on
 * every session of the user, as {@link HybridSessionService#updateAuthorities} does.
 * <p>
 * By default the user is loaded through the application's {@code UserDetailsService}
 * ({@link UserState#of(org.springframework.security.core.userdetails.UserDetails)}),
 * except a federated user id (one that starts with {@code oauth2:}, see
 * {@link SessionUserIdResolver}): that is no local username, and its sessions keep their
 * authorities ({@link UserState#unchanged()}). Without a {@code UserDetailsService},
 * every session keeps its authorities. Define a bean of this type to load users
 * otherwise, federated ones included.
 */
@FunctionalInterface
public interface UserStateLoader {

	/**
	 * Loads a user's current state.
	 * @param userId the session's user id: a local username, or a federated id
	 * @return the user's state, never {@code null}: {@link UserState#unusable()} for a
	 * user who is gone
	 * @throws org.springframework.dao.DataAccessException when the user store cannot be
	 * reached (the request then answers {@code 503})
	 */
	UserState load(String userId);

}
