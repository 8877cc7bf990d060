package dev.hybridauth.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionUserIdResolver;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.session.RevocationFeed;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.token.SigningKeys;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;

/**
 * The {@code hybridauth} Actuator endpoint: what an operator needs to see and do about
 * hybrid-auth on this node. It shows the signing keys (ids, algorithms, states and dates,
 * never a key), the revocation feed and the number of live sessions; lists a user's live
 * sessions (never a token or its hash); and revokes them, through the
 * {@link HybridSessionService}, so that the revocation log, every node's view and the
 * events see them like any other revocation ({@link RevocationReason#APPLICATION}).
 * <p>
 * JSON names are snake_case and times ISO-8601 UTC strings, as in the HTTP contract.
 */
@Endpoint(id = "hybridauth")
class HybridAuthEndpoint {

	private final HybridSessionService sessions;

	private final SessionStore store;

	private final SigningKeys signingKeys;

	private final SessionUserIdResolver userIdResolver;

	private final RevocationFeed feed;

	private final RevocationView view;

	private final Clock clock;

	HybridAuthEndpoint(HybridSessionService sessions, SessionStore store, SigningKeys signingKeys,
			SessionUserIdResolver userIdResolver, RevocationFeed feed, RevocationView view, Clock clock) {
		this.sessions = sessions;
		this.store = store;
		this.signingKeys = signingKeys;
		this.userIdResolver = userIdResolver;
		this.feed = feed;
		this.view = view;
		this.clock = clock;
	}

	@ReadOperation
	Summary summary() {
		List<Key> keys = this.signingKeys.keyStatuses()
			.stream()
			.map((key) -> new Key(key.keyId(), key.algorithm().name(), key.state().name().toLowerCase(Locale.ROOT),
					time(key.activatesAt()), time(key.retiresAt()), time(key.publishedUntil())))
			.toList();
		return new Summary(keys, feed(), liveSessions());
	}

	private Feed feed() {
		if (this.feed == null) {
			return new Feed(false, null, null, null, null, null);
		}
		Instant lastRead = this.feed.lastPollAt();
		Double lag = (lastRead != null)
				? Math.max(0, Duration.between(lastRead, this.clock.instant()).toMillis()) / 1000.0 : null;
		Boolean listening = this.feed.isListening();
		String listener = (listening != null) ? (listening ? "listening" : "reconnecting") : "none";
		return new Feed(true, time(lastRead), lag, listener, this.feed.isSilent(),
				(this.view != null) ? this.view.size() : null);
	}

	// the summary is what an operator reads when the database is in trouble: it answers
	// without the count then, and the health component says why
	private Long liveSessions() {
		try {
			OptionalLong count = this.store.countLive(this.clock.instant());
			return count.isPresent() ? count.getAsLong() : null;
		}
		catch (DataAccessException ex) {
			return null;
		}
	}

	@ReadOperation
	UserSessions userSessions(@Selector String username) {
		String userId = userId(username);
		return new UserSessions(userId, this.sessions.findLiveSessions(userId).stream().map(Session::of).toList());
	}

	@DeleteOperation
	Revoked revokeAll(@Selector String username) {
		return new Revoked(this.sessions.revokeAll(userId(username), RevocationReason.APPLICATION));
	}

	@DeleteOperation
	Revoked revokeOne(@Selector String username, @Selector String sessionId) {
		String userId = userId(username);
		boolean owned = this.sessions.findLive(sessionId)
			.filter((session) -> session.userId().equals(userId))
			.isPresent();
		return new Revoked((owned && this.sessions.revoke(sessionId, RevocationReason.APPLICATION)) ? 1 : 0);
	}

	/**
	 * The user id that the sessions of a username carry: the one a password login of that
	 * name gets from the {@link SessionUserIdResolver} (the name itself, by default). A
	 * name that the resolver refuses as a login, such as a federated id
	 * ({@code oauth2:github:583231}), is a user id already.
	 * @param username the name in the endpoint's path
	 * @return the user id of that name's sessions
	 */
	private String userId(String username) {
		try {
			String userId = this.userIdResolver
				.resolve(UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
			return (userId != null && !userId.isEmpty()) ? userId : username;
		}
		catch (AuthenticationException ex) {
			return username;
		}
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * {@code GET /actuator/hybridauth}.
	 *
	 * @param signingKeys the published keys, without key material
	 * @param revocationFeed the state of this node's revocation feed
	 * @param liveSessions the sessions live now, of every user; {@code null} when the
	 * store cannot count them or cannot be reached
	 */
	record Summary(@JsonProperty("signing_keys") List<Key> signingKeys,
			@JsonProperty("revocation_feed") Feed revocationFeed,
			@JsonProperty("live_sessions") @JsonInclude(JsonInclude.Include.ALWAYS) Long liveSessions) {

	}

	/**
	 * One published key.
	 *
	 * @param kid its {@code kid}
	 * @param alg its JOSE algorithm
	 * @param state {@code active}, {@code published} or {@code retired}
	 * @param activatesAt when it signs from, when known
	 * @param retiresAt when the next key takes over, when known
	 * @param publishedUntil when it leaves the JWKS, when known
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Key(String kid, String alg, String state, @JsonProperty("activates_at") String activatesAt,
			@JsonProperty("retires_at") String retiresAt, @JsonProperty("published_until") String publishedUntil) {

	}

	/**
	 * The revocation feed of this node.
	 *
	 * @param enabled whether there is one ({@code hybrid-auth.revocation.enabled})
	 * @param lastReadAt when it last read the revocation log completely
	 * @param lagSeconds how long ago that was, in seconds
	 * @param listener {@code listening} (PostgreSQL notifications arrive),
	 * {@code reconnecting}, or {@code none} (polling only)
	 * @param silent whether it has not read the log for longer than
	 * {@code hybrid-auth.revocation.max-delay}
	 * @param viewSize how many entries this node's revocation view holds
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Feed(boolean enabled, @JsonProperty("last_read_at") String lastReadAt,
			@JsonProperty("lag_seconds") Double lagSeconds, String listener, Boolean silent,
			@JsonProperty("view_size") Integer viewSize) {

	}

	/**
	 * {@code GET /actuator/hybridauth/{username}}.
	 *
	 * @param userId the user id the sessions carry
	 * @param sessions the user's live sessions, newest first
	 */
	record UserSessions(@JsonProperty("user_id") String userId, List<Session> sessions) {

	}

	/**
	 * A session, with the fields of the contract's session object: never the token or its
	 * hash.
	 *
	 * @param sessionId the public session id
	 * @param userId the user the session belongs to
	 * @param startedAt when the session started
	 * @param lastAccessedAt when the session was last used
	 * @param expiresAt the sooner of the idle and the absolute expiry
	 * @param absoluteExpiresAt when the session expires however much it is used
	 * @param authenticatedAt when the user last proved who they are
	 * @param ipAddress the client address at login
	 * @param userAgent the client's {@code User-Agent} at login
	 */
	record Session(@JsonProperty("session_id") String sessionId, @JsonProperty("user_id") String userId,
			@JsonProperty("started_at") String startedAt, @JsonProperty("last_accessed_at") String lastAccessedAt,
			@JsonProperty("expires_at") String expiresAt, @JsonProperty("absolute_expires_at") String absoluteExpiresAt,
			@JsonProperty("authenticated_at") String authenticatedAt, @JsonProperty("ip_address") String ipAddress,
			@JsonProperty("user_agent") String userAgent) {

		static Session of(HybridSession session) {
			return new Session(session.sessionId(), session.userId(), session.startedAt().toString(),
					session.lastAccessedAt().toString(), session.expiresAt().toString(),
					session.absoluteExpiresAt().toString(), session.authenticatedAt().toString(), session.ipAddress(),
					session.userAgent());
		}

	}

	/**
	 * The answer of the two revocations.
	 *
	 * @param revoked how many live sessions were revoked
	 */
	record Revoked(int revoked) {

	}

}
