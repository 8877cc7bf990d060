package dev.hybridauth;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.security.core.Authentication;

/**
 * Starts, checks and ends hybrid-auth sessions. The endpoints use it, and so can an
 * application: to start a session for an {@link Authentication} that another login
 * produced (OAuth2 login, passkeys, magic links), to list a user's sessions, to record a
 * role change, or to revoke a user's sessions after a password change. Every start,
 * refresh and revocation is published as an application event.
 */
public interface HybridSessionService {

	/**
	 * Starts a session for an authenticated user, with a new token and a first session
	 * JWT.
	 * @param authentication the successful authentication (the
	 * {@link SessionUserIdResolver} gives the session's user id: its name, or a federated
	 * id for an OAuth2 login)
	 * @param client what to record about the client
	 * @return the new session, its token and its JWT
	 * @throws org.springframework.security.core.AuthenticationException when the
	 * {@link SessionUserIdResolver} refuses the authentication (a local name in the form
	 * of a federated id)
	 */
	StartedSession start(Authentication authentication, ClientInfo client);

	/**
	 * Checks a session token live against the store and records the access (at most once
	 * per touch interval). With the access, the user's state is reloaded through the
	 * {@link UserStateLoader}: a user who is gone or disabled has every session revoked,
	 * and changed authorities are recorded and used at once. A token of the wrong shape
	 * is refused without a database query.
	 * @param sessionToken the opaque session token
	 * @return the session, or empty when the token is unknown, revoked or expired, or the
	 * user is gone or disabled
	 */
	Optional<HybridSession> authenticate(String sessionToken);

	/**
	 * Checks a session live by its public id for a request that uses it (a sensitive
	 * route reached with a session JWT), as {@link #authenticate(String)} does for a
	 * token: records the access and reloads the user's state when the touch is due. The
	 * default implementation only finds the session, as {@link #findLive(String)} does.
	 * @param sessionId the public session id
	 * @return the session with the user's current authorities, or empty when it is
	 * unknown, revoked or expired, or the user is gone or disabled
	 */
	default Optional<HybridSession> checkLive(String sessionId) {
		return findLive(sessionId);
	}

	/**
	 * Refreshes a live session: reloads the user's current state (through the
	 * {@link UserStateLoader}: by default the application's {@code UserDetailsService},
	 * when it has one), slides the idle expiry and issues a new session JWT. A user who
	 * is gone or disabled has every session revoked; authorities that changed are
	 * recorded on every session of the user. Refreshes of one session within
	 * {@code hybrid-auth.refresh.reuse-window} of each other on one node hand out the JWT
	 * of the first (a refresh in flight is waited for), without signing, writing or
	 * reloading the user again, unless the session was revoked or re-authenticated, its
	 * authorities changed, or the revocation view refuses that JWT.
	 * @param session a session found live
	 * @return the refreshed session, or empty when the session is no longer live or the
	 * user is gone or disabled
	 */
	Optional<RefreshedSession> refresh(HybridSession session);

	/**
	 * Refreshes the live session that a token belongs to, as
	 * {@link #refresh(HybridSession)} does: one read and one write of the session. A
	 * token of the wrong shape is refused without a database query.
	 * @param sessionToken the opaque session token
	 * @return the refreshed session, or empty when the token is unknown, the session is
	 * no longer live or the user is gone or disabled
	 */
	Optional<RefreshedSession> refresh(String sessionToken);

	/**
	 * Refreshes the live session that a token belongs to, as {@link #refresh(String)}
	 * does, and hands the new JWT to {@code delivery} before a revocation of the session
	 * can complete: a logout racing this refresh returns only after {@code delivery} has
	 * returned, so a JWT that {@code delivery} sends to the client (and flushes) never
	 * leaves after that logout has returned (for a JWT reused within the reuse window, a
	 * logout on this node; see {@link #refresh(HybridSession)}). When {@code delivery}
	 * throws, the refresh is undone.
	 * @param sessionToken the opaque session token
	 * @param delivery sends the refreshed session's JWT to the client
	 * @return the refreshed session, or empty when the token is unknown, the session is
	 * no longer live or the user is gone or disabled
	 */
	Optional<RefreshedSession> refresh(String sessionToken, Consumer<RefreshedSession> delivery);

	/**
	 * Refreshes a live session, as {@link #refresh(HybridSession)} does, and hands the
	 * new JWT to {@code delivery} before a revocation of the session can complete, as
	 * {@link #refresh(String, Consumer)} does.
	 * @param session a session found live
	 * @param delivery sends the refreshed session's JWT to the client
	 * @return the refreshed session, or empty when the session is no longer live or the
	 * user is gone or disabled
	 */
	Optional<RefreshedSession> refresh(HybridSession session, Consumer<RefreshedSession> delivery);

	/**
	 * Finds a live session by its public id, as it is recorded: no access is recorded and
	 * the user is not reloaded.
	 * @param sessionId the public session id
	 * @return the session, or empty when it is unknown, revoked or expired
	 */
	Optional<HybridSession> findLive(String sessionId);

	/**
	 * Revokes one session. Revoking a session that is already revoked changes nothing.
	 * @param sessionId the public session id
	 * @param reason why
	 * @return whether a live session was revoked
	 */
	boolean revoke(String sessionId, RevocationReason reason);

	/**
	 * Revokes the session that a token belongs to, if any.
	 * @param sessionToken the opaque session token
	 * @param reason why
	 * @return whether a live session was revoked
	 */
	boolean revokeByToken(String sessionToken, RevocationReason reason);

	/**
	 * Starts a new proof of identity on a live session (step-up): the caller has just
	 * given their password again. The session gets a new token (the old one stops
	 * working), its {@code authenticated_at} moves to now, its authorities become those
	 * of the new authentication, and a new JWT is issued.
	 * @param session the live session
	 * @param authentication the successful re-authentication
	 * @return the session with its new token and JWT, or empty when the session is no
	 * longer live
	 */
	Optional<StartedSession> reauthenticate(HybridSession session, Authentication authentication);

	/**
	 * Lists a user's live sessions, as the devices list of the sessions endpoint shows
	 * them.
	 * @param userId the user id
	 * @return the user's live sessions, newest first
	 */
	List<HybridSession> findLiveSessions(String userId);

	/**
	 * Records a user's new authorities on all their live sessions: sensitive routes and
	 * session tokens use them at once, JWTs from the next refresh. Call it when the
	 * application changes a user's roles; without the call, the next reload of the user
	 * (within a touch interval on the live paths) finds the change.
	 * @param userId the user id
	 * @param authorities the user's authorities now
	 * @return how many sessions were updated
	 */
	int updateAuthorities(String userId, Collection<String> authorities);

	/**
	 * Revokes every live session of a user but one ("log out my other devices").
	 * @param userId the user id
	 * @param keptSessionId the session to keep
	 * @param reason why
	 * @return how many sessions were revoked
	 */
	int revokeOthers(String userId, String keptSessionId, RevocationReason reason);

	/**
	 * Revokes every live session of a user, for example after a password change.
	 * @param userId the user id
	 * @param reason why
	 * @return how many sessions were revoked
	 */
	int revokeAll(String userId, RevocationReason reason);

}
