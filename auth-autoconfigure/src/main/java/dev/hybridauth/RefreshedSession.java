package dev.hybridauth;

/**
 * A session after a refresh: its idle expiry slid, its authorities reloaded, and a new
 * session JWT.
 *
 * @param session the session as it is now
 * @param jwt the new session JWT
 */
public record RefreshedSession(HybridSession session, SessionJwt jwt) {

}
