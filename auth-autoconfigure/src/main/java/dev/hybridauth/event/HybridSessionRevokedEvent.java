package dev.hybridauth.event;

import dev.hybridauth.RevocationReason;

/**
 * Published once for every session that is revoked.
 *
 * @param sessionId the public id of the revoked session
 * @param userId the user it belonged to
 * @param reason why it was revoked
 */
public record HybridSessionRevokedEvent(String sessionId, String userId, RevocationReason reason) {

}
