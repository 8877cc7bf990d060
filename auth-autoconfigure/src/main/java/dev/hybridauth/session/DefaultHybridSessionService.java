package dev.hybridauth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.StartedSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * The {@link HybridSessionService} on top of the {@link JpaSessionStore}: applies the expiry and touch rules.
 */
public class DefaultHybridSessionService implements HybridSessionService {

    private final JpaSessionStore store;

    private final Clock clock;

    private Duration idleTimeout = Duration.ofMinutes(30);

    private Duration absoluteTimeout = Duration.ofHours(8);

    private Duration touchInterval = Duration.ofSeconds(60);

    public DefaultHybridSessionService(JpaSessionStore store, Clock clock) {
        Assert.notNull(store, "store cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.store = store;
        this.clock = clock;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        Assert.isTrue(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive");
        this.idleTimeout = idleTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        Assert.isTrue(!absoluteTimeout.isNegative() && !absoluteTimeout.isZero(), "absoluteTimeout must be positive");
        this.absoluteTimeout = absoluteTimeout;
    }

    public void setTouchInterval(Duration touchInterval) {
        Assert.isTrue(!touchInterval.isNegative(), "touchInterval cannot be negative");
        this.touchInterval = touchInterval;
    }

    @Override
    public StartedSession start(Authentication authentication, ClientInfo client) {
        Assert.isTrue(authentication != null && authentication.isAuthenticated(),
                "authentication must be authenticated");
        Instant now = now();
        Instant absoluteExpiresAt = now.plus(absoluteTimeout);
        String token = SessionTokens.newToken();
        SessionEntity entity = new SessionEntity(SessionTokens.newSessionId(), SessionTokens.hash(token),
                authentication.getName(), authorityNames(authentication), now,
                earliest(now.plus(idleTimeout), absoluteExpiresAt), absoluteExpiresAt, client.ipAddress(),
                client.userAgent());
        store.insert(entity);
        return new StartedSession(token, entity.toSession());
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
        return store.revoke(sessionId, now(), reason.name());
    }

    @Override
    public boolean revokeByToken(String sessionToken, RevocationReason reason) {
        if (!SessionTokens.isWellFormedToken(sessionToken)) {
            return false;
        }
        return store.findByTokenHash(SessionTokens.hash(sessionToken))
            .map(entity -> store.revoke(entity.getSessionId(), now(), reason.name()))
            .orElse(false);
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
    static List<String> authorityNames(Authentication authentication) {
        return authentication.getAuthorities()
            .stream()
            .map(GrantedAuthority::getAuthority)
            .filter(authority -> authority != null && !authority.startsWith("FACTOR_"))
            .toList();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

}
