package dev.hybridauth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.SessionUserIdResolver;
import dev.hybridauth.StartedSession;
import dev.hybridauth.UserState;
import dev.hybridauth.UserStateLoader;
import dev.hybridauth.event.HybridSessionRefreshedEvent;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.event.HybridSessionStartedEvent;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.SessionJwtIssuer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * The {@link HybridSessionService} on top of a {@link SessionStore} and the
 * {@link SessionJwtIssuer}: applies the expiry, touch, refresh and session-limit rules,
 * reloads the user's state through the {@link UserStateLoader} at every refresh and
 * touch, and publishes the session events.
 */
class DefaultHybridSessionService implements HybridSessionService {

	private final SessionStore store;

	private final SessionJwtIssuer jwtIssuer;

	private final UserStateLoader userStateLoader;

	private final Clock clock;

	private SessionUserIdResolver userIdResolver = new DefaultSessionUserIdResolver();

	private Duration idleTimeout = Duration.ofMinutes(30);

	private Duration absoluteTimeout = Duration.ofHours(8);

	private Duration touchInterval = Duration.ofSeconds(60);

	private int maxSessionsPerUser;

	private SessionLimitPolicy sessionLimitPolicy = SessionLimitPolicy.EVICT_OLDEST;

	private RevocationView revocationView;

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	/**
	 * Creates the service with the default rules (30 minutes idle, 8 hours absolute, a
	 * touch at most every 60 seconds, no session limit) until the setters change them.
	 * @param store the session store
	 * @param jwtIssuer the session JWT issuer
	 * @param userStateLoader the application's users as they are now, reloaded at every
	 * refresh and touch
	 * @param clock the clock
	 */
	DefaultHybridSessionService(SessionStore store, SessionJwtIssuer jwtIssuer, UserStateLoader userStateLoader,
			Clock clock) {
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(jwtIssuer, "jwtIssuer cannot be null");
		Assert.notNull(userStateLoader, "userStateLoader cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.store = store;
		this.jwtIssuer = jwtIssuer;
		this.userStateLoader = userStateLoader;
		this.clock = clock;
	}

	void setUserIdResolver(SessionUserIdResolver userIdResolver) {
		Assert.notNull(userIdResolver, "userIdResolver cannot be null");
		this.userIdResolver = userIdResolver;
	}

	void setIdleTimeout(Duration idleTimeout) {
		Assert.isTrue(isPositive(idleTimeout), "idleTimeout must be positive");
		this.idleTimeout = idleTimeout;
	}

	void setAbsoluteTimeout(Duration absoluteTimeout) {
		Assert.isTrue(isPositive(absoluteTimeout), "absoluteTimeout must be positive");
		this.absoluteTimeout = absoluteTimeout;
	}

	void setTouchInterval(Duration touchInterval) {
		Assert.isTrue(!touchInterval.isNegative(), "touchInterval cannot be negative");
		this.touchInterval = touchInterval;
	}

	/**
	 * Sets how many live sessions a user may have, and what a login beyond that does.
	 * @param maxSessionsPerUser the most live sessions a user may have, or {@code 0} for
	 * no limit
	 * @param policy what a login beyond the limit does
	 */
	void setSessionLimit(int maxSessionsPerUser, SessionLimitPolicy policy) {
		Assert.isTrue(maxSessionsPerUser >= 0, "maxSessionsPerUser cannot be negative");
		Assert.notNull(policy, "policy cannot be null");
		this.maxSessionsPerUser = maxSessionsPerUser;
		this.sessionLimitPolicy = policy;
	}

	/**
	 * Sets the revocation view of this node, which revocations and changes of authorities
	 * made through this service enter at once (other nodes learn them from the log).
	 * @param revocationView the view of this node
	 */
	void setRevocationView(RevocationView revocationView) {
		this.revocationView = revocationView;
	}

	void setEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "eventPublisher cannot be null");
		this.eventPublisher = eventPublisher;
	}

	@Override
	public StartedSession start(Authentication authentication, ClientInfo client) {
		return start(authentication, client, now());
	}

	/**
	 * Starts a session whose user authenticated at {@code authenticatedAt}: it started
	 * then and was last used now. The seam through which hybrid-auth-spring-boot-test
	 * starts sessions of a given authentication age; a login starts its session now.
	 * @param authentication the successful authentication
	 * @param client what to record about the client
	 * @param authenticatedAt when the user authenticated, not after now
	 * @return the new session, its token and a JWT issued now
	 */
	StartedSession start(Authentication authentication, ClientInfo client, Instant authenticatedAt) {
		Assert.isTrue(authentication != null && authentication.isAuthenticated(),
				"authentication must be authenticated");
		String userId = this.userIdResolver.resolve(authentication);
		Assert.state(userId != null && !userId.isEmpty(), "SessionUserIdResolver gave no user id");
		Instant now = now();
		Instant startedAt = authenticatedAt.truncatedTo(ChronoUnit.MICROS);
		Assert.isTrue(!startedAt.isAfter(now), "authenticatedAt cannot be in the future");
		Instant absoluteExpiresAt = startedAt.plus(this.absoluteTimeout);
		String token = SessionTokens.newToken();
		StoredSession stored = new StoredSession(SessionTokens.newSessionId(), SessionTokens.hash(token), userId,
				authorityNames(authentication.getAuthorities()), startedAt, now,
				earliest(now.plus(this.idleTimeout), absoluteExpiresAt), absoluteExpiresAt, startedAt, null, null,
				client.ipAddress(), client.userAgent());
		List<StoredSession> evicted = this.store.insert(stored, this.maxSessionsPerUser, this.sessionLimitPolicy);
		evicted.forEach(this::publishRevoked);
		HybridSession session = stored.toSession();
		this.eventPublisher.publishEvent(new HybridSessionStartedEvent(session));
		return new StartedSession(token, session, this.jwtIssuer.issue(session));
	}

	@Override
	public Optional<HybridSession> authenticate(String sessionToken) {
		Instant now = now();
		return findLiveByToken(sessionToken, now).flatMap((session) -> touchIfDue(session.toSession(), now));
	}

	@Override
	public Optional<HybridSession> checkLive(String sessionId) {
		Instant now = now();
		return findLiveById(sessionId, now).flatMap((session) -> touchIfDue(session.toSession(), now));
	}

	@Override
	public Optional<RefreshedSession> refresh(String sessionToken) {
		return findLiveByToken(sessionToken, now()).flatMap((session) -> refresh(session.toSession()));
	}

	@Override
	public Optional<RefreshedSession> refresh(String sessionToken, Consumer<RefreshedSession> delivery) {
		return this.store.atomically(() -> delivered(refresh(sessionToken), delivery));
	}

	@Override
	public Optional<RefreshedSession> refresh(HybridSession session, Consumer<RefreshedSession> delivery) {
		return this.store.atomically(() -> delivered(refresh(session), delivery));
	}

	private static Optional<RefreshedSession> delivered(Optional<RefreshedSession> refreshed,
			Consumer<RefreshedSession> delivery) {
		refreshed.ifPresent(delivery);
		return refreshed;
	}

	@Override
	public Optional<RefreshedSession> refresh(HybridSession session) {
		Optional<List<String>> current = currentAuthorities(session);
		if (current.isEmpty()) {
			return Optional.empty();
		}
		List<String> authorities = current.get();
		Instant now = now();
		Instant idleExpiresAt = earliest(now.plus(this.idleTimeout), session.absoluteExpiresAt());
		if (!this.store.refresh(session.sessionId(), now, idleExpiresAt, authorities)) {
			return Optional.empty();
		}
		HybridSession refreshed = accessed(session, authorities, now, idleExpiresAt);
		this.eventPublisher.publishEvent(new HybridSessionRefreshedEvent(refreshed));
		return Optional.of(new RefreshedSession(refreshed, this.jwtIssuer.issue(refreshed)));
	}

	@Override
	public Optional<StartedSession> reauthenticate(HybridSession session, Authentication authentication) {
		Assert.isTrue(
				authentication != null && authentication.isAuthenticated()
						&& session.userId().equals(this.userIdResolver.resolve(authentication)),
				"authentication must be the session's user");
		Instant now = now();
		Instant idleExpiresAt = earliest(now.plus(this.idleTimeout), session.absoluteExpiresAt());
		List<String> authorities = authorityNames(authentication.getAuthorities());
		String token = SessionTokens.newToken();
		if (!this.store.reauthenticate(session.sessionId(), SessionTokens.hash(token), now, idleExpiresAt,
				authorities)) {
			return Optional.empty();
		}
		HybridSession reauthenticated = new HybridSession(session.sessionId(), session.userId(), authorities,
				session.startedAt(), now, idleExpiresAt, session.absoluteExpiresAt(), now, session.ipAddress(),
				session.userAgent());
		return Optional.of(new StartedSession(token, reauthenticated, this.jwtIssuer.issue(reauthenticated)));
	}

	@Override
	public List<HybridSession> findLiveSessions(String userId) {
		return this.store.findLiveByUser(userId, now()).stream().map(StoredSession::toSession).toList();
	}

	@Override
	public int updateAuthorities(String userId, Collection<String> authorities) {
		List<String> names = authorities.stream().filter((authority) -> !authority.startsWith("FACTOR_")).toList();
		Instant now = now();
		int updated = this.store.updateAuthorities(userId, names, now);
		if (this.revocationView != null) {
			this.revocationView.userChanged(userId, now);
		}
		return updated;
	}

	@Override
	public Optional<HybridSession> findLive(String sessionId) {
		return findLiveById(sessionId, now()).map(StoredSession::toSession);
	}

	@Override
	public boolean revoke(String sessionId, RevocationReason reason) {
		if (!SessionTokens.isWellFormedSessionId(sessionId)) {
			return false;
		}
		return published(this.store.revoke(sessionId, reason, now()));
	}

	@Override
	public boolean revokeByToken(String sessionToken, RevocationReason reason) {
		if (!SessionTokens.isWellFormedToken(sessionToken)) {
			return false;
		}
		Optional<StoredSession> session = this.store.findByTokenHash(SessionTokens.hash(sessionToken));
		return session.isPresent() && published(this.store.revoke(session.get().sessionId(), reason, now()));
	}

	@Override
	public int revokeOthers(String userId, String keptSessionId, RevocationReason reason) {
		List<StoredSession> revoked = this.store.revokeOthers(userId, keptSessionId, reason, now());
		revoked.forEach(this::publishRevoked);
		return revoked.size();
	}

	@Override
	public int revokeAll(String userId, RevocationReason reason) {
		Instant now = now();
		List<StoredSession> revoked = this.store.revokeAll(userId, reason, now);
		if (this.revocationView != null && reason == RevocationReason.USER_DISABLED) {
			this.revocationView.userChanged(userId, now);
		}
		revoked.forEach(this::publishRevoked);
		return revoked.size();
	}

	private Optional<StoredSession> findLiveByToken(String sessionToken, Instant now) {
		if (!SessionTokens.isWellFormedToken(sessionToken)) {
			return Optional.empty();
		}
		return this.store.findByTokenHash(SessionTokens.hash(sessionToken)).filter((session) -> session.isLiveAt(now));
	}

	private Optional<StoredSession> findLiveById(String sessionId, Instant now) {
		if (!SessionTokens.isWellFormedSessionId(sessionId)) {
			return Optional.empty();
		}
		return this.store.findById(sessionId).filter((session) -> session.isLiveAt(now));
	}

	private boolean published(Optional<StoredSession> revoked) {
		revoked.ifPresent(this::publishRevoked);
		return revoked.isPresent();
	}

	private void publishRevoked(StoredSession session) {
		if (this.revocationView != null) {
			this.revocationView.sessionRevoked(session.sessionId(), session.revokedAt());
		}
		this.eventPublisher.publishEvent(
				new HybridSessionRevokedEvent(session.sessionId(), session.userId(), session.revocationReason()));
	}

	/**
	 * The user's authorities now, with what the reload found applied: the
	 * {@link UserStateLoader} reads the user; one who is gone or disabled has every
	 * session revoked, and authorities that changed are recorded on every session of the
	 * user, as {@link #updateAuthorities} records them.
	 * @param session a session found live
	 * @return the authorities the session goes on with, or empty when the user is gone or
	 * disabled
	 */
	private Optional<List<String>> currentAuthorities(HybridSession session) {
		UserState user = this.userStateLoader.load(session.userId());
		Assert.state(user != null, "UserStateLoader returned null");
		if (!user.usable()) {
			revokeAll(session.userId(), RevocationReason.USER_DISABLED);
			return Optional.empty();
		}
		List<String> authorities = user.authorities();
		if (authorities == null || new HashSet<>(authorities).equals(new HashSet<>(session.authorities()))) {
			return Optional.of(session.authorities());
		}
		updateAuthorities(session.userId(), authorities);
		return Optional.of(authorities);
	}

	/**
	 * Records an access when the touch is due (at most once per touch interval), and with
	 * it reloads the user's state: so the user store is read once per touch interval per
	 * session, and requests in between cost one read and no write. The user is read
	 * before the touch is written, so that a user store that cannot be reached leaves the
	 * touch (and the reload) due for the next request; requests that arrive together when
	 * it falls due may each read the user, and one of them writes the touch.
	 * @param session a session found live
	 * @param now the current time
	 * @return the session as the request goes on with it, or empty when the reload found
	 * the user gone or disabled
	 */
	private Optional<HybridSession> touchIfDue(HybridSession session, Instant now) {
		Instant touchDueAt = session.lastAccessedAt().plus(this.touchInterval);
		if (now.isBefore(touchDueAt)) {
			return Optional.of(session);
		}
		Optional<List<String>> authorities = currentAuthorities(session);
		if (authorities.isEmpty()) {
			return Optional.empty();
		}
		Instant idleExpiresAt = earliest(now.plus(this.idleTimeout), session.absoluteExpiresAt());
		this.store.touch(session.sessionId(), now, idleExpiresAt, now.minus(this.touchInterval));
		return Optional.of(accessed(session, authorities.get(), now, idleExpiresAt));
	}

	private static HybridSession accessed(HybridSession session, List<String> authorities, Instant now,
			Instant idleExpiresAt) {
		return new HybridSession(session.sessionId(), session.userId(), authorities, session.startedAt(), now,
				idleExpiresAt, session.absoluteExpiresAt(), session.authenticatedAt(), session.ipAddress(),
				session.userAgent());
	}

	/**
	 * The current time, to the microsecond: the database keeps microseconds, and so does
	 * everything the service hands out.
	 * @return the clock's instant, truncated to microseconds
	 */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The user's authorities, without Spring Security's {@code FACTOR_*} authorities:
	 * those describe how one login happened, not what the user may do, and a refresh that
	 * reloads the user would not find them.
	 * @param authorities the authorities of an authentication or of a loaded user
	 * @return their names, in order, without {@code null}s and {@code FACTOR_*} ones
	 */
	static List<String> authorityNames(Collection<? extends GrantedAuthority> authorities) {
		return authorities.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && !authority.startsWith("FACTOR_"))
			.toList();
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
