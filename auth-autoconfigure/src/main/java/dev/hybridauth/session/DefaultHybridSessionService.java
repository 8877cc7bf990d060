package dev.hybridauth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
import dev.hybridauth.metrics.HybridAuthMetrics;
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
 * touch, and publishes the session events. Refreshes of one session within the reuse
 * window share one JWT on this node (see {@link #setRefreshReuseWindow(Duration)}).
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

	private RecentRefreshes recentRefreshes;

	private HybridAuthMetrics metrics = HybridAuthMetrics.NONE;

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

	/**
	 * Sets how long the JWT of a refresh is handed out again to further refreshes of the
	 * same session on this node, instead of signing a new one and writing the row again;
	 * refreshes that arrive while one is in flight wait for it. A reuse reads the session
	 * live first, and is refused when the session was revoked or re-authenticated, when
	 * its authorities changed, or when the revocation view refuses the JWT.
	 * @param window the reuse window, shorter than the JWT lifetime; zero for none
	 * @param maxSessions the most sessions whose last refresh is kept
	 */
	void setRefreshReuseWindow(Duration window, int maxSessions) {
		Assert.isTrue(!window.isNegative(), "window cannot be negative");
		this.recentRefreshes = (window.isZero()) ? null : new RecentRefreshes(window, maxSessions);
	}

	void setMetrics(HybridAuthMetrics metrics) {
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
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
		return findLiveByToken(sessionToken, now()).flatMap((session) -> coalesced(session.toSession(), null));
	}

	@Override
	public Optional<RefreshedSession> refresh(String sessionToken, Consumer<RefreshedSession> delivery) {
		Assert.notNull(delivery, "delivery cannot be null");
		return findLiveByToken(sessionToken, now()).flatMap((session) -> coalesced(session.toSession(), delivery));
	}

	@Override
	public Optional<RefreshedSession> refresh(HybridSession session, Consumer<RefreshedSession> delivery) {
		Assert.notNull(delivery, "delivery cannot be null");
		return coalesced(session, delivery);
	}

	@Override
	public Optional<RefreshedSession> refresh(HybridSession session) {
		return coalesced(session, null);
	}

	/**
	 * Refreshes a session found live, or hands out the JWT of a refresh of it that
	 * started within the reuse window: one that is in flight is waited for. A refresh
	 * whose outcome cannot be reused (it failed, the session changed since, or the
	 * revocation view refuses its JWT) is followed by a refresh of this caller's own,
	 * which leads the next ones.
	 * @param session the session, as the caller read it live
	 * @param delivery sends the JWT to the client while a revocation of the session
	 * waits, or {@code null} for none
	 * @return the refreshed session, or empty when it is no longer live or the user is
	 * gone or disabled
	 */
	private Optional<RefreshedSession> coalesced(HybridSession session, Consumer<RefreshedSession> delivery) {
		RecentRefreshes recent = this.recentRefreshes;
		if (recent == null) {
			return refreshNow(session, delivery);
		}
		for (int attempt = 0; attempt < 2; attempt++) {
			Instant now = now();
			RecentRefreshes.Entry entry = recent.find(session.sessionId(), now);
			if (entry != null) {
				Optional<RefreshedSession> reused = reuse(entry, session, delivery, recent.window());
				if (reused.isPresent()) {
					this.metrics.refreshReused();
					return reused;
				}
				recent.forget(session.sessionId(), entry);
			}
			RecentRefreshes.Entry lead = recent.lead(session.sessionId(), now);
			if (lead != null) {
				return refreshAndShare(session, delivery, recent, lead);
			}
		}
		return refreshNow(session, delivery);
	}

	private Optional<RefreshedSession> refreshAndShare(HybridSession session, Consumer<RefreshedSession> delivery,
			RecentRefreshes recent, RecentRefreshes.Entry lead) {
		RefreshedSession shared = null;
		try {
			Optional<RefreshedSession> refreshed = refreshNow(session, delivery);
			shared = refreshed.orElse(null);
			return refreshed;
		}
		finally {
			lead.complete(shared);
			if (shared == null) {
				recent.forget(session.sessionId(), lead);
			}
		}
	}

	/**
	 * Hands out the JWT of a recent refresh of the session when nothing the JWT states
	 * has changed since: the window has not passed, the session read live has the same
	 * authorities and authentication time, and the revocation view does not refuse the
	 * JWT (a revocation on another node, or a change of the user's authorities).
	 * @param entry the recent refresh, done or in flight
	 * @param session the session, as the caller read it live
	 * @param delivery sends the JWT to the client, or {@code null} for none
	 * @param window the longest wait for a refresh in flight
	 * @return the recent refresh, delivered, or empty when it cannot be reused
	 */
	private Optional<RefreshedSession> reuse(RecentRefreshes.Entry entry, HybridSession session,
			Consumer<RefreshedSession> delivery, Duration window) {
		RefreshedSession shared = entry.await(window);
		if (shared == null) {
			return Optional.empty();
		}
		return entry.reuseUnlessInvalid(() -> {
			Instant now = now();
			HybridSession refreshed = shared.session();
			boolean reusable = entry.isWithinWindow(now) && shared.jwt().expiresAt().isAfter(now)
					&& refreshed.userId().equals(session.userId())
					&& new HashSet<>(refreshed.authorities()).equals(new HashSet<>(session.authorities()))
					&& Objects.equals(refreshed.authenticatedAt(), session.authenticatedAt())
					&& (this.revocationView == null || !this.revocationView.isRevoked(refreshed.sessionId(),
							refreshed.userId(), shared.jwt().issuedAt()));
			if (!reusable) {
				return Optional.empty();
			}
			if (delivery != null) {
				delivery.accept(shared);
			}
			return Optional.of(shared);
		});
	}

	private Optional<RefreshedSession> refreshNow(HybridSession session, Consumer<RefreshedSession> delivery) {
		if (delivery == null) {
			return refreshLive(session);
		}
		return this.store.atomically(() -> delivered(refreshLive(session), delivery));
	}

	private static Optional<RefreshedSession> delivered(Optional<RefreshedSession> refreshed,
			Consumer<RefreshedSession> delivery) {
		refreshed.ifPresent(delivery);
		return refreshed;
	}

	private Optional<RefreshedSession> refreshLive(HybridSession session) {
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
		forgetRecentRefresh(session.sessionId());
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
		forgetRecentRefresh(session.sessionId());
		this.eventPublisher.publishEvent(
				new HybridSessionRevokedEvent(session.sessionId(), session.userId(), session.revocationReason()));
	}

	// after this returns, no JWT of an earlier refresh of the session is handed out again
	// on this node
	private void forgetRecentRefresh(String sessionId) {
		RecentRefreshes recent = this.recentRefreshes;
		if (recent != null) {
			recent.invalidate(sessionId);
		}
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
