package dev.hybridauth.session;

import java.time.Instant;
import java.util.List;

import dev.hybridauth.HybridSession;
import dev.hybridauth.RevocationReason;

/**
 * A session as a {@link SessionStore} keeps it: the facts the application sees
 * ({@link HybridSession}) plus the hash of its token and its revocation. The token itself
 * is never stored.
 *
 * @param sessionId the public id of the session
 * @param tokenHash the SHA-256 hash of the session token, in lowercase hex
 * @param userId the user the session belongs to
 * @param authorities the user's authorities as last recorded on the session
 * @param startedAt when the session started
 * @param lastAccessedAt when the session was last used (written at most once per touch
 * interval)
 * @param idleExpiresAt when the session expires if it is not used again
 * @param absoluteExpiresAt when the session expires however much it is used
 * @param authenticatedAt when the user last proved who they are
 * @param revokedAt when the session was revoked, or {@code null}
 * @param revocationReason why it was revoked, or {@code null}
 * @param ipAddress the client address at login, or {@code null}
 * @param userAgent the client's {@code User-Agent} at login, or {@code null}
 */
public record StoredSession(String sessionId, String tokenHash, String userId, List<String> authorities,
		Instant startedAt, Instant lastAccessedAt, Instant idleExpiresAt, Instant absoluteExpiresAt,
		Instant authenticatedAt, Instant revokedAt, RevocationReason revocationReason, String ipAddress,
		String userAgent) {

	/** The longest {@code User-Agent} a store keeps; longer ones are truncated. */
	public static final int USER_AGENT_MAX_LENGTH = 512;

	/** The longest client address a store keeps. */
	public static final int IP_ADDRESS_MAX_LENGTH = 64;

	public StoredSession {
		authorities = List.copyOf(authorities);
		ipAddress = truncate(ipAddress, IP_ADDRESS_MAX_LENGTH);
		userAgent = truncate(userAgent, USER_AGENT_MAX_LENGTH);
	}

	/**
	 * A session that starts now: never accessed since, authenticated now, not revoked.
	 * @param sessionId the public id
	 * @param tokenHash the hash of its token
	 * @param userId the user
	 * @param authorities the user's authorities
	 * @param now the start
	 * @param idleExpiresAt the first idle expiry
	 * @param absoluteExpiresAt the absolute expiry
	 * @param ipAddress the client address, or {@code null}
	 * @param userAgent the client's {@code User-Agent}, or {@code null}
	 * @return the new session
	 */
	public static StoredSession started(String sessionId, String tokenHash, String userId, List<String> authorities,
			Instant now, Instant idleExpiresAt, Instant absoluteExpiresAt, String ipAddress, String userAgent) {
		return new StoredSession(sessionId, tokenHash, userId, authorities, now, now, idleExpiresAt, absoluteExpiresAt,
				now, null, null, ipAddress, userAgent);
	}

	/**
	 * Whether the session can still be used at the given moment.
	 * @param now the current time
	 * @return {@code true} when it is neither revoked nor expired
	 */
	public boolean isLiveAt(Instant now) {
		return this.revokedAt == null && now.isBefore(this.idleExpiresAt) && now.isBefore(this.absoluteExpiresAt);
	}

	/**
	 * The session as the application sees it.
	 * @return the session without its token hash and revocation
	 */
	public HybridSession toSession() {
		return new HybridSession(this.sessionId, this.userId, this.authorities, this.startedAt, this.lastAccessedAt,
				this.idleExpiresAt, this.absoluteExpiresAt, this.authenticatedAt, this.ipAddress, this.userAgent);
	}

	StoredSession revoked(Instant now, RevocationReason reason) {
		return new StoredSession(this.sessionId, this.tokenHash, this.userId, this.authorities, this.startedAt,
				this.lastAccessedAt, this.idleExpiresAt, this.absoluteExpiresAt, this.authenticatedAt, now, reason,
				this.ipAddress, this.userAgent);
	}

	StoredSession accessed(Instant now, Instant newIdleExpiresAt) {
		return new StoredSession(this.sessionId, this.tokenHash, this.userId, this.authorities, this.startedAt, now,
				newIdleExpiresAt, this.absoluteExpiresAt, this.authenticatedAt, this.revokedAt, this.revocationReason,
				this.ipAddress, this.userAgent);
	}

	StoredSession refreshed(Instant now, Instant newIdleExpiresAt, List<String> newAuthorities) {
		return new StoredSession(this.sessionId, this.tokenHash, this.userId, newAuthorities, this.startedAt, now,
				newIdleExpiresAt, this.absoluteExpiresAt, this.authenticatedAt, this.revokedAt, this.revocationReason,
				this.ipAddress, this.userAgent);
	}

	StoredSession reauthenticated(String newTokenHash, Instant now, Instant newIdleExpiresAt,
			List<String> newAuthorities) {
		return new StoredSession(this.sessionId, newTokenHash, this.userId, newAuthorities, this.startedAt, now,
				newIdleExpiresAt, this.absoluteExpiresAt, now, this.revokedAt, this.revocationReason, this.ipAddress,
				this.userAgent);
	}

	StoredSession withAuthorities(List<String> newAuthorities) {
		return new StoredSession(this.sessionId, this.tokenHash, this.userId, newAuthorities, this.startedAt,
				this.lastAccessedAt, this.idleExpiresAt, this.absoluteExpiresAt, this.authenticatedAt, this.revokedAt,
				this.revocationReason, this.ipAddress, this.userAgent);
	}

	private static String truncate(String value, int maxLength) {
		return (value == null || value.length() <= maxLength) ? value : value.substring(0, maxLength);
	}

	@Override
	public String toString() {
		return "StoredSession[sessionId=" + this.sessionId + ", userId=" + this.userId + ", revokedAt=" + this.revokedAt
				+ "]";
	}

}
