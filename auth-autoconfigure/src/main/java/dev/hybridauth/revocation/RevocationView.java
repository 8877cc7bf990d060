package dev.hybridauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * What this node knows of recent revocations: the sessions revoked and, per user, the
 * time before which the user's JWTs no longer count (their authorities changed, or they
 * were disabled). The JWT path consults it for every request, without a database read;
 * the revocation feed fills it from the database's revocation log, and revocations made
 * on this node enter it at once.
 * <p>
 * An entry is kept only while a JWT it concerns could still be valid (the JWT lifetime
 * plus the clock skew), so the view holds at most the revocations of one JWT lifetime.
 * Expired entries are removed when a lookup meets them and by {@link #expire()}.
 */
public final class RevocationView {

	private final Map<String, Instant> revokedSessions = new ConcurrentHashMap<>();

	private final Map<String, Instant> userNotBefore = new ConcurrentHashMap<>();

	private final Duration retention;

	private final Clock clock;

	/**
	 * Creates an empty view.
	 * @param retention how long an entry is kept after the revocation: the JWT lifetime
	 * plus the clock skew
	 * @param clock the clock that entries expire by
	 */
	public RevocationView(Duration retention, Clock clock) {
		Assert.isTrue(!retention.isNegative(), "retention cannot be negative");
		Assert.notNull(clock, "clock cannot be null");
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * Records a revoked session: its JWTs are refused from now on.
	 * @param sessionId the session's public id (the JWT's {@code sid})
	 * @param revokedAt when it was revoked
	 */
	public void sessionRevoked(String sessionId, Instant revokedAt) {
		Instant keepUntil = revokedAt.plus(this.retention);
		if (keepUntil.isAfter(this.clock.instant())) {
			this.revokedSessions.merge(sessionId, keepUntil, (a, b) -> (a.isAfter(b)) ? a : b);
		}
	}

	/**
	 * Records that a user's JWTs issued before a time no longer count (their authorities
	 * changed, or they were disabled).
	 * @param userId the user (the JWT's {@code sub})
	 * @param notBefore the time before which the user's JWTs are refused
	 */
	public void userChanged(String userId, Instant notBefore) {
		if (notBefore.plus(this.retention).isAfter(this.clock.instant())) {
			this.userNotBefore.merge(userId, notBefore, (a, b) -> (a.isAfter(b)) ? a : b);
		}
	}

	/**
	 * Tells whether a JWT is revoked: its session was revoked, or it was issued before
	 * its user's not-before time. JWT times have whole seconds: a JWT issued in the
	 * second of the change counts as issued after it and is kept, because the JWT that a
	 * refresh issues right after the change must work; so a JWT issued less than a second
	 * before the change, within that same second, is not refused by the view.
	 * @param sessionId the JWT's {@code sid}
	 * @param userId the JWT's {@code sub}
	 * @param issuedAt the JWT's {@code iat}
	 * @return whether the JWT must be refused
	 */
	public boolean isRevoked(String sessionId, String userId, Instant issuedAt) {
		if (this.revokedSessions.isEmpty() && this.userNotBefore.isEmpty()) {
			return false;
		}
		Instant now = this.clock.instant();
		Instant keepUntil = this.revokedSessions.get(sessionId);
		if (keepUntil != null) {
			if (keepUntil.isAfter(now)) {
				return true;
			}
			this.revokedSessions.remove(sessionId, keepUntil);
		}
		Instant notBefore = this.userNotBefore.get(userId);
		if (notBefore != null) {
			if (!notBefore.plus(this.retention).isAfter(now)) {
				this.userNotBefore.remove(userId, notBefore);
				return false;
			}
			// a time ahead of this node's clock (another node's clock is ahead) counts as
			// now, so that the JWTs this node issues from now on are kept
			return issuedAt.getEpochSecond() < Math.min(notBefore.getEpochSecond(), now.getEpochSecond());
		}
		return false;
	}

	/**
	 * Removes the entries that no valid JWT can concern any more.
	 * @return how many entries were removed
	 */
	public int expire() {
		Instant now = this.clock.instant();
		int before = size();
		this.revokedSessions.values().removeIf((keepUntil) -> !keepUntil.isAfter(now));
		this.userNotBefore.values().removeIf((notBefore) -> !notBefore.plus(this.retention).isAfter(now));
		return before - size();
	}

	/**
	 * Returns how many entries the view holds.
	 * @return the number of revoked sessions and users with a not-before time
	 */
	public int size() {
		return this.revokedSessions.size() + this.userNotBefore.size();
	}

}
