package dev.hybridauth;

import org.springframework.security.core.Authentication;

/**
 * Gives the user id of the session that a successful login starts, from its
 * {@link Authentication}: the id that the session, its JWT's {@code sub}, the devices
 * list and {@link HybridSessionService#revokeAll} know the user by.
 * <p>
 * By default, the name of the authentication (the username of a password or form login),
 * except for an {@code oauth2Login()} (an authentication with an
 * {@code getAuthorizedClientRegistrationId()}, as Spring Security's
 * {@code OAuth2AuthenticationToken}): its user id is
 * {@code oauth2:<registrationId>:<name>} (such as {@code oauth2:github:583231}), so that
 * an identity provider's subject never collides with a local username. The prefix
 * {@value #FEDERATED_PREFIX} is reserved for federated ids: a login whose name starts
 * with it is refused (as a wrong password), and a registration id may not contain a
 * {@code ':'}. Define a bean of this type to map logins otherwise (an OAuth2 login to a
 * local account it is linked to, say); when it makes federated ids without the prefix,
 * define a {@link UserStateLoader} too, or the default one looks them up as local
 * usernames, finds nobody, and ends their sessions.
 */
@FunctionalInterface
public interface SessionUserIdResolver {

	/**
	 * The prefix of the user ids that the default resolver gives federated logins, which
	 * no local username may start with.
	 */
	String FEDERATED_PREFIX = "oauth2:";

	/**
	 * Gives the user id of the session that an authentication starts.
	 * @param authentication a successful authentication
	 * @return the session's user id, never empty
	 * @throws org.springframework.security.core.AuthenticationException when this
	 * authentication may not start a session (a login is then refused)
	 */
	String resolve(Authentication authentication);

}
