package dev.hybridauth.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;

/**
 * Where hybrid-auth keeps its sessions: the source of truth that live checks read. The
 * default implementations keep them in the {@code hybrid_auth_session} table, through the
 * application's JPA {@code EntityManagerFactory} or, without JPA, through plain JDBC on
 * its {@code DataSource}; {@link InMemorySessionStore} keeps them in memory, for tests
 * and for applications without a database. Define a bean of this type to use another
 * store.
 * <p>
 * Every method is one atomic step: a change either happens completely or not at all, and
 * a change that depends on the session being live (refresh, re-authentication) checks it
 * in the same step, so that it cannot undo a concurrent revocation. Failures to reach the
 * store are reported as Spring's {@code DataAccessException}.
 */
public interface SessionStore {

	/**
	 * Stores a new session, unless the user would then have more than {@code maxPerUser}
	 * live sessions. Concurrent inserts for one user cannot exceed the limit together.
	 * @param session the new session
	 * @param maxPerUser the most live sessions a user may have, or {@code 0} for no limit
	 * @param policy what to do when the limit is reached
	 * @return the sessions revoked ({@link RevocationReason#SESSION_LIMIT}) to make room:
	 * the oldest ones
	 * @throws SessionLimitExceededException when the limit is reached and the policy is
	 * to refuse
	 */
	List<StoredSession> insert(StoredSession session, int maxPerUser, SessionLimitPolicy policy);

	/**
	 * Finds a session by its token, as the service does for every session-token request;
	 * the store never sees the token itself.
	 * @param tokenHash the SHA-256 hash of a session token
	 * @return the session with that token, live or not
	 */
	Optional<StoredSession> findByTokenHash(String tokenHash);

	/**
	 * Finds a session by its public id, as given in JWTs ({@code sid}) and in the list of
	 * sessions.
	 * @param sessionId a public session id
	 * @return the session, live or not
	 */
	Optional<StoredSession> findById(String sessionId);

	/**
	 * Lists a user's live sessions, for the devices list.
	 * @param userId the user id
	 * @param now the current time
	 * @return the user's sessions that are live at {@code now}, newest first
	 */
	List<StoredSession> findLiveByUser(String userId, Instant now);

	/**
	 * Counts the sessions of every user that are live at {@code now}, for operators (the
	 * actuator endpoint shows it). The default cannot count: a store that can should
	 * answer with one query.
	 * @param now the current time
	 * @return how many sessions are live at {@code now}, or empty when this store cannot
	 * tell
	 */
	default OptionalLong countLive(Instant now) {
		return OptionalLong.empty();
	}

	/**
	 * Records an access, unless the session is revoked or another request recorded one
	 * after {@code lastAccessedAtOrBefore}.
	 * @param sessionId the session
	 * @param now the access time
	 * @param idleExpiresAt the idle expiry the access moves to
	 * @param lastAccessedAtOrBefore the latest last access that this one replaces
	 * @return whether the session was updated
	 */
	boolean touch(String sessionId, Instant now, Instant idleExpiresAt, Instant lastAccessedAtOrBefore);

	/**
	 * Records a refresh in one step: the access, the slid idle expiry and the reloaded
	 * authorities, if the session is live at {@code now}. Concurrent refreshes all
	 * succeed, and the session keeps what the latest of them recorded: a refresh whose
	 * {@code now} is before the recorded last access changes nothing, so the last access
	 * and the idle expiry never move backwards. A refresh after a revocation does not
	 * succeed.
	 * @param sessionId the session
	 * @param now the refresh time
	 * @param idleExpiresAt the new idle expiry
	 * @param authorities the user's authorities now
	 * @return whether the session was live and is now refreshed
	 */
	boolean refresh(String sessionId, Instant now, Instant idleExpiresAt, List<String> authorities);

	/**
	 * Records a re-authentication in one step, if the session is live at {@code now}: a
	 * new token hash (the old token stops working), {@code authenticated_at} and the last
	 * access moved to now, the authorities replaced.
	 * @param sessionId the session
	 * @param newTokenHash the hash of the session's new token
	 * @param now the re-authentication time
	 * @param idleExpiresAt the new idle expiry
	 * @param authorities the authorities of the re-authentication
	 * @return whether the session was live and is now re-authenticated
	 */
	boolean reauthenticate(String sessionId, String newTokenHash, Instant now, Instant idleExpiresAt,
			List<String> authorities);

	/**
	 * Revokes one session, unless it is already revoked, and records it in the revocation
	 * log in the same step.
	 * @param sessionId the session
	 * @param reason why
	 * @param now the revocation time
	 * @return the session as revoked, or empty when there was nothing to revoke
	 */
	Optional<StoredSession> revoke(String sessionId, RevocationReason reason, Instant now);

	/**
	 * Revokes every session of a user that is live at {@code now} but one, each as
	 * {@link #revoke} does.
	 * @param userId the user
	 * @param keptSessionId the session to keep, or {@code null} for none
	 * @param reason why
	 * @param now the revocation time
	 * @return the sessions revoked
	 */
	default List<StoredSession> revokeOthers(String userId, String keptSessionId, RevocationReason reason,
			Instant now) {
		List<StoredSession> revoked = new ArrayList<>();
		for (StoredSession session : findLiveByUser(userId, now)) {
			if (!session.sessionId().equals(keptSessionId)) {
				revoke(session.sessionId(), reason, now).ifPresent(revoked::add);
			}
		}
		return revoked;
	}

	/**
	 * Revokes every session of a user that is live at {@code now}; when the reason is
	 * {@link RevocationReason#USER_DISABLED}, also records the user in the revocation log
	 * in the same step.
	 * @param userId the user
	 * @param reason why
	 * @param now the revocation time
	 * @return the sessions revoked
	 */
	List<StoredSession> revokeAll(String userId, RevocationReason reason, Instant now);

	/**
	 * Records new authorities on every session of a user that is not revoked.
	 * @param userId the user
	 * @param authorities the user's authorities now
	 * @return how many sessions were updated
	 */
	int updateAuthorities(String userId, List<String> authorities);

	/**
	 * Records new authorities on every session of a user that is not revoked and, in the
	 * same step, a {@link RevocationEntry.Kind#USER} row in the revocation log at
	 * {@code now}, so that every node refuses the user's older JWTs (which carry the old
	 * authorities). The default records the authorities only, for stores without a log.
	 * @param userId the user
	 * @param authorities the user's authorities now
	 * @param now the time of the change
	 * @return how many sessions were updated
	 */
	default int updateAuthorities(String userId, List<String> authorities, Instant now) {
		return updateAuthorities(userId, authorities);
	}

	/**
	 * Reads the revocation log after a row, oldest first, as every node does to keep its
	 * revocation view current. The stores of this project record a
	 * {@link RevocationEntry.Kind#SESSION} row in the same step as each session they
	 * revoke, and a {@link RevocationEntry.Kind#USER} row when they revoke every session
	 * of a disabled user or record new authorities. The default has no log.
	 * @param afterId the last row already read, or {@code 0} for the start of the log
	 * @param maxRows the most rows to return
	 * @return the rows with a greater id, by increasing id
	 */
	default List<RevocationEntry> revocationsAfter(long afterId, int maxRows) {
		return List.of();
	}

	/**
	 * Deletes at most {@code maxRows} revocation log rows written before a time, once no
	 * JWT they concern can still be valid.
	 * @param before the cutoff
	 * @param maxRows the most rows one call deletes
	 * @return how many were deleted; fewer than {@code maxRows} when no more are due
	 */
	default int deleteRevocationsBefore(Instant before, int maxRows) {
		return 0;
	}

	/**
	 * Deletes at most {@code maxRows} sessions that ended (were revoked, or expired)
	 * before {@code endedBefore}. A session's idle expiry is never later than its
	 * absolute expiry (the service keeps it so), so the revocation and the idle expiry
	 * tell when a session ended.
	 * @param endedBefore the cutoff
	 * @param maxRows the most sessions one call deletes
	 * @return how many were deleted; fewer than {@code maxRows} when no more are due
	 */
	int deleteEnded(Instant endedBefore, int maxRows);

	/**
	 * Runs work in one unit with the store's own steps that it calls, so that what they
	 * change stays locked until the work returns: a revocation of a session that the work
	 * refreshed waits until then. The default runs the work as it is, for stores whose
	 * steps need no unit of work.
	 * @param <T> the work's result
	 * @param work the work
	 * @return the work's result
	 */
	default <T> T atomically(Supplier<T> work) {
		return work.get();
	}

	/**
	 * Takes the named lease, so that one node at a time runs a job (the cleanup) when
	 * several share the store.
	 * @param name the lease
	 * @param holder who takes it
	 * @param now the current time
	 * @param until when the lease ends unless released
	 * @return whether {@code holder} now holds the lease (it was free or had ended)
	 */
	boolean acquireLease(String name, String holder, Instant now, Instant until);

	/**
	 * Gives the named lease back, if {@code holder} holds it.
	 * @param name the lease
	 * @param holder who holds it
	 */
	void releaseLease(String name, String holder);

}
