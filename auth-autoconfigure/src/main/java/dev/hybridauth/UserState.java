package dev.hybridauth;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A user's current state as the application's user store holds it, as a
 * {@link UserStateLoader} reports it: whether the user may still have sessions, and their
 * authorities now. Spring Security's {@code FACTOR_*} authorities (how one login
 * happened, not what the user may do) and {@code null}s are left out.
 *
 * @param usable whether the user exists and may be logged in (enabled, not locked, not
 * expired); when not, every session of theirs is revoked
 * @param authorities the user's authorities now, or {@code null} when the loader does not
 * know them and the session keeps those it records
 */
public record UserState(boolean usable, List<String> authorities) {

	private static final UserState UNUSABLE = new UserState(false, null);

	private static final UserState UNCHANGED = new UserState(true, null);

	public UserState {
		authorities = (authorities != null) ? authorityNames(authorities) : null;
	}

	/**
	 * A user who may be logged in, with these authorities.
	 * @param authorities the user's authorities now
	 * @return the state
	 */
	public static UserState of(Collection<String> authorities) {
		return new UserState(true, authorities.stream().toList());
	}

	/**
	 * The state of a user that Spring Security's {@code UserDetailsService} loaded:
	 * usable when enabled, not locked and not expired (expired credentials do not end a
	 * session), with the user's authorities.
	 * @param user the loaded user, or {@code null} when there is none
	 * @return the state
	 */
	public static UserState of(UserDetails user) {
		if (user == null || !user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
			return UNUSABLE;
		}
		return new UserState(true,
				user.getAuthorities().stream().filter(Objects::nonNull).map(GrantedAuthority::getAuthority).toList());
	}

	/**
	 * A user who may be logged in, whose authorities the loader does not know: each
	 * session keeps the ones it records (those of the login, or of the last change the
	 * application recorded).
	 * @return the state
	 */
	public static UserState unchanged() {
		return UNCHANGED;
	}

	/**
	 * A user who is gone, disabled, locked or expired: every session of theirs ends.
	 * @return the state
	 */
	public static UserState unusable() {
		return UNUSABLE;
	}

	private static List<String> authorityNames(List<String> authorities) {
		return authorities.stream()
			.filter((authority) -> authority != null && !authority.startsWith("FACTOR_"))
			.toList();
	}

}
