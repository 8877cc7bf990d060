package dev.hybridauth.event;

import dev.hybridauth.HybridSession;

/**
 * Published when a session is refreshed: a new session JWT with the user's current
 * authorities.
 *
 * @param session the session as it is after the refresh
 */
public record HybridSessionRefreshedEvent(HybridSession session) {

}
