package dev.hybridauth;

import java.time.Instant;
import java.util.List;

/**
 * A live or past hybrid-auth session as the application sees it: never the session token,
 * only its public id and the facts recorded about it.
 *
 * @param sessionId the public id of the session (safe to show and to put in a JWT's
 * {@code sid})
 * @param userId the user the session belongs to (the username the login authenticated)
 * @param authorities the user's authorities when the session was last started, refreshed
 * or re-authenticated
 * @param startedAt when the session started
 * @param lastAccessedAt when the session was last used (written at most once per touch
 * interval)
 * @param idleExpiresAt when the session expires if it is not used again
 * @param absoluteExpiresAt when the session expires however much it is used
 * @param authenticatedAt when the user last proved who they are (login or
 * re-authentication)
 * @param ipAddress the client address at login
 * @param userAgent the client's {@code User-Agent} at login, truncated
 */
public record HybridSession(String sessionId, String userId, List<String> authorities, Instant startedAt,
		Instant lastAccessedAt, Instant idleExpiresAt, Instant absoluteExpiresAt, Instant authenticatedAt,
		String ipAddress, String userAgent) {

	public HybridSession {
		authorities = List.copyOf(authorities);
	}

	/**
	 * The moment the session ends unless it is used again: the sooner of the idle and the
	 * absolute expiry.
	 * @return the effective expiry
	 */
	public Instant expiresAt() {
		return this.idleExpiresAt.isBefore(this.absoluteExpiresAt) ? this.idleExpiresAt : this.absoluteExpiresAt;
	}

	/**
	 * This session as it is after an access at {@code now}.
	 * @param now the access time
	 * @param newIdleExpiresAt the idle expiry that the access moved
	 * @return the updated session
	 */
	public HybridSession withLastAccess(Instant now, Instant newIdleExpiresAt) {
		return new HybridSession(this.sessionId, this.userId, this.authorities, this.startedAt, now, newIdleExpiresAt,
				this.absoluteExpiresAt, this.authenticatedAt, this.ipAddress, this.userAgent);
	}

}
