package dev.hybridauth.event;

import dev.hybridauth.HybridSession;

/**
 * Published when a session starts (login, or a session started through the session
 * service).
 *
 * @param session the new session
 */
public record HybridSessionStartedEvent(HybridSession session) {

}
