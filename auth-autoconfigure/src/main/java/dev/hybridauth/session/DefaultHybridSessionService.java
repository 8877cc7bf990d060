package dev.hybridauth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.StartedSession;
import dev.hybridauth.event.HybridSessionRefreshedEvent;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.event.HybridSessionStartedEvent;
import dev.hybridauth.token.SessionJwtIssuer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.util.Assert;

/**
 * The {@link HybridSessionService} on top of the {@link JpaSessionStore} and the {@link SessionJwtIssuer}:
 * applies the expiry, touch, refresh and session-limit rules, and publishes the session events.
 */
public class DefaultHybridSessionService implements HybridSessionService {

    private final JpaSessionStore store;

    private final SessionJwtIssuer jwtIssuer;

    private final UserDetailsService userDetailsService;

    private final Clock clock;

    private Duration idleTimeout = Duration.ofMinutes(30);

    private Duration absoluteTimeout = Duration.ofHours(8);

    private Duration touchInterval = Duration.ofSeconds(60);

    private int maxSessionsPerUser;

    private SessionLimitPolicy sessionLimitPolicy = SessionLimitPolicy.EVICT_OLDEST;

    private ApplicationEventPublisher eventPublisher = event -> {
    };

    /**
     * @param store the session store
     * @param jwtIssuer the session JWT issuer
     * @param userDetailsService the application's users, to reload authorities on refresh; {@code null} when the
     * application has none (then a refresh keeps the authorities of the login)
     * @param clock the clock
     */
    public DefaultHybridSessionService(JpaSessionStore store, SessionJwtIssuer jwtIssuer,
            UserDetailsService userDetailsService, Clock clock) {
        Assert.notNull(store, "store cannot be null");
        Assert.notNull(jwtIssuer, "jwtIssuer cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.store = store;
        this.jwtIssuer = jwtIssuer;
        this.userDetailsService = userDetailsService;
        this.clock = clock;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        Assert.isTrue(isPositive(idleTimeout), "idleTimeout must be positive");
        this.idleTimeout = idleTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        Assert.isTrue(isPositive(absoluteTimeout), "absoluteTimeout must be positive");
        this.absoluteTimeout = absoluteTimeout;
    }

    public void setTouchInterval(Duration touchInterval) {
        Assert.isTrue(!touchInterval.isNegative(), "touchInterval cannot be negative");
        this.touchInterval = touchInterval;
    }

    /**
     * @param maxSessionsPerUser the most live sessions a user may have, or {@code 0} for no limit
     * @param policy what a login beyond the limit does
     */
    public void setSessionLimit(int maxSessionsPerUser, SessionLimitPolicy policy) {
        Assert.isTrue(maxSessionsPerUser >= 0, "maxSessionsPerUser cannot be negative");
        Assert.notNull(policy, "policy cannot be null");
        this.maxSessionsPerUser = maxSessionsPerUser;
        this.sessionLimitPolicy = policy;
    }

    public void setEventPublisher(ApplicationEventPublisher eventPublisher) {
        Assert.notNull(eventPublisher, "eventPublisher cannot be null");
        this.eventPublisher = eventPublisher;
    }

    @Override
    public StartedSession start(Authentication authentication, ClientInfo client) {
        Assert.isTrue(authentication != null && authentication.isAuthenticated(),
                "authentication must be authenticated");
        Instant now = now();
        Instant absoluteExpiresAt = now.plus(absoluteTimeout);
        String token = SessionTokens.newToken();
        SessionEntity entity = new SessionEntity(SessionTokens.newSessionId(), SessionTokens.hash(token),
                authentication.getName(), authorityNames(authentication.getAuthorities()), now,
                earliest(now.plus(idleTimeout), absoluteExpiresAt), absoluteExpiresAt, client.ipAddress(),
                client.userAgent());
        if (maxSessionsPerUser > 0) {
            List<String> evicted = store.insertWithinLimit(entity, maxSessionsPerUser,
                    sessionLimitPolicy == SessionLimitPolicy.EVICT_OLDEST, now);
            evicted.forEach(sessionId -> publishRevoked(sessionId, entity.getUserId(), RevocationReason.SESSION_LIMIT));
        }
        else {
            store.insert(entity);
        }
        HybridSession session = entity.toSession();
        eventPublisher.publishEvent(new HybridSessionStartedEvent(session));
        return new StartedSession(token, session, jwtIssuer.issue(session));
    }

    @Override
    public Optional<HybridSession> authenticate(String sessionToken) {
        if (!SessionTokens.isWellFormedToken(sessionToken)) {
            return Optional.empty();
        }
        Instant now = now();
        return store.findByTokenHash(SessionTokens.hash(sessionToken))
            .filter(entity -> entity.isLiveAt(now))
            .map(entity -> touchIfDue(entity, now));
    }

    @Override
    public Optional<RefreshedSession> refresh(HybridSession session) {
        List<String> authorities = session.authorities();
        if (userDetailsService != null) {
            Optional<UserDetails> user = loadUser(session.userId());
            if (user.isEmpty()) {
                revokeAll(session.userId(), RevocationReason.USER_DISABLED);
                return Optional.empty();
            }
            authorities = authorityNames(user.get().getAuthorities());
        }
        Instant now = now();
        Instant idleExpiresAt = earliest(now.plus(idleTimeout), session.absoluteExpiresAt());
        if (!store.refresh(session.sessionId(), now, idleExpiresAt, SessionEntity.joinAuthorities(authorities))) {
            return Optional.empty();
        }
        HybridSession refreshed = new HybridSession(session.sessionId(), session.userId(), authorities,
                session.startedAt(), now, idleExpiresAt, session.absoluteExpiresAt(), session.authenticatedAt(),
                session.ipAddress(), session.userAgent());
        eventPublisher.publishEvent(new HybridSessionRefreshedEvent(refreshed));
        return Optional.of(new RefreshedSession(refreshed, jwtIssuer.issue(refreshed)));
    }

    @Override
    public Optional<StartedSession> reauthenticate(HybridSession session, Authentication authentication) {
        Assert.isTrue(authentication != null && authentication.isAuthenticated()
                && session.userId().equals(authentication.getName()), "authentication must be the session's user");
        Instant now = now();
        Instant idleExpiresAt = earliest(now.plus(idleTimeout), session.absoluteExpiresAt());
        List<String> authorities = authorityNames(authentication.getAuthorities());
        String token = SessionTokens.newToken();
        if (!store.reauthenticate(session.sessionId(), SessionTokens.hash(token), now, idleExpiresAt,
                SessionEntity.joinAuthorities(authorities))) {
            return Optional.empty();
        }
        HybridSession reauthenticated = new HybridSession(session.sessionId(), session.userId(), authorities,
                session.startedAt(), now, idleExpiresAt, session.absoluteExpiresAt(), now, session.ipAddress(),
                session.userAgent());
        return Optional.of(new StartedSession(token, reauthenticated, jwtIssuer.issue(reauthenticated)));
    }

    @Override
    public List<HybridSession> findLiveSessions(String userId) {
        return store.findLiveByUser(userId, now()).stream().map(SessionEntity::toSession).toList();
    }

    @Override
    public int updateAuthorities(String userId, Collection<String> authorities) {
        List<String> names = authorities.stream().filter(authority -> !authority.startsWith("FACTOR_")).toList();
        return store.updateAuthorities(userId, SessionEntity.joinAuthorities(names));
    }

    @Override
    public int revokeOthers(String userId, String keptSessionId, RevocationReason reason) {
        return revokeLiveSessionsOf(userId, reason, sessionId -> !sessionId.equals(keptSessionId));
    }

    @Override
    public Optional<HybridSession> findLive(String sessionId) {
        if (!SessionTokens.isWellFormedSessionId(sessionId)) {
            return Optional.empty();
        }
        Instant now = now();
        return store.findBySessionId(sessionId).filter(entity -> entity.isLiveAt(now)).map(SessionEntity::toSession);
    }

    @Override
    public boolean revoke(String sessionId, RevocationReason reason) {
        if (!SessionTokens.isWellFormedSessionId(sessionId)) {
            return false;
        }
        return store.findBySessionId(sessionId).map(entity -> revoke(entity, reason)).orElse(false);
    }

    @Override
    public boolean revokeByToken(String sessionToken, RevocationReason reason) {
        if (!SessionTokens.isWellFormedToken(sessionToken)) {
            return false;
        }
        return store.findByTokenHash(SessionTokens.hash(sessionToken))
            .map(entity -> revoke(entity, reason))
            .orElse(false);
    }

    @Override
    public int revokeAll(String userId, RevocationReason reason) {
        return revokeLiveSessionsOf(userId, reason, sessionId -> true);
    }

    private int revokeLiveSessionsOf(String userId, RevocationReason reason, Predicate<String> which) {
        int revoked = 0;
        for (SessionEntity entity : store.findLiveByUser(userId, now())) {
            if (which.test(entity.getSessionId()) && revoke(entity, reason)) {
                revoked++;
            }
        }
        return revoked;
    }

    private boolean revoke(SessionEntity entity, RevocationReason reason) {
        boolean revoked = store.revoke(entity.getSessionId(), now(), reason.name());
        if (revoked) {
            publishRevoked(entity.getSessionId(), entity.getUserId(), reason);
        }
        return revoked;
    }

    private void publishRevoked(String sessionId, String userId, RevocationReason reason) {
        eventPublisher.publishEvent(new HybridSessionRevokedEvent(sessionId, userId, reason));
    }

    private Optional<UserDetails> loadUser(String userId) {
        try {
            UserDetails user = userDetailsService.loadUserByUsername(userId);
            boolean usable = user != null && user.isEnabled() && user.isAccountNonLocked()
                    && user.isAccountNonExpired();
            return usable ? Optional.of(user) : Optional.empty();
        }
        catch (UsernameNotFoundException ex) {
            return Optional.empty();
        }
    }

    private HybridSession touchIfDue(SessionEntity entity, Instant now) {
        Instant touchDueAt = entity.getLastAccessedAt().plus(touchInterval);
        if (now.isBefore(touchDueAt)) {
            return entity.toSession();
        }
        Instant idleExpiresAt = earliest(now.plus(idleTimeout), entity.getAbsoluteExpiresAt());
        store.touch(entity.getSessionId(), now, idleExpiresAt, now.minus(touchInterval));
        return entity.toSession().withLastAccess(now, idleExpiresAt);
    }

    /** The database keeps microseconds; so does everything the service hands out. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The user's authorities, without Spring Security's {@code FACTOR_*} authorities: those describe how one
     * login happened, not what the user may do, and a refresh that reloads the user would not find them.
     */
    static List<String> authorityNames(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
            .map(GrantedAuthority::getAuthority)
            .filter(authority -> authority != null && !authority.startsWith("FACTOR_"))
            .toList();
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

}
