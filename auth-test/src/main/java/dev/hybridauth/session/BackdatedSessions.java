package dev.hybridauth.session;

import java.time.Instant;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.StartedSession;

import org.springframework.security.core.Authentication;

/**
 * Internal to hybrid-auth-spring-boot-test, not an API: starts a session whose user
 * authenticated some time ago, through the starter's own session service (its store, its
 * rules, its events), which only this package can ask for that.
 */
public final class BackdatedSessions {

	private BackdatedSessions() {
	}

	/**
	 * Starts a session as a login at {@code authenticatedAt} would have, last used now.
	 * @param service the application's session service
	 * @param authentication the user and authorities of the session
	 * @param client what to record about the client
	 * @param authenticatedAt when the user authenticated, not after now
	 * @return the new session, its token and a JWT issued now
	 * @throws IllegalStateException when the application replaced the session service
	 */
	public static StartedSession start(HybridSessionService service, Authentication authentication, ClientInfo client,
			Instant authenticatedAt) {
		if (service instanceof DefaultHybridSessionService defaultService) {
			return defaultService.start(authentication, client, authenticatedAt);
		}
		throw new IllegalStateException("hybrid-auth-spring-boot-test starts sessions that authenticated in the past "
				+ "through the starter's own HybridSessionService, but the application defines its own ("
				+ service.getClass().getName() + "): use authenticatedAgo 0");
	}

}
