package dev.hybridauth;

/**
 * A session that has just started, with the only copy of its token (the store keeps the
 * token's hash, so this is the one moment the token can be handed to the client) and its
 * first session JWT.
 *
 * @param sessionToken the opaque session token (256 random bits, base64url); never log it
 * @param session the session
 * @param jwt the first session JWT
 */
public record StartedSession(String sessionToken, HybridSession session, SessionJwt jwt) {

	@Override
	public String toString() {
		return "StartedSession[sessionToken=<hidden>, session=" + this.session + ", jwt=" + this.jwt + "]";
	}

}
