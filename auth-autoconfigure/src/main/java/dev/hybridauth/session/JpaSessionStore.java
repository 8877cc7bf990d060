package dev.hybridauth.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import org.springframework.dao.DataAccessException;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The session store: reads and writes {@code hybrid_auth_session} through the application's JPA
 * {@link EntityManagerFactory}. Reads run without a transaction (one SELECT each); every write is a single
 * statement in its own transaction, so concurrent touches and revocations never conflict.
 */
public class JpaSessionStore {

    private final EntityManager entityManager;

    private final TransactionTemplate transactions;

    public JpaSessionStore(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager) {
        Assert.notNull(entityManagerFactory, "entityManagerFactory cannot be null");
        Assert.notNull(transactionManager, "transactionManager cannot be null");
        this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public void insert(SessionEntity session) {
        translated(() -> transactions.execute(status -> {
            entityManager.persist(session);
            return null;
        }));
    }

    public Optional<SessionEntity> findByTokenHash(String tokenHash) {
        return translated(() -> single(entityManager
            .createQuery("select s from HybridAuthSession s where s.tokenHash = :tokenHash", SessionEntity.class)
            .setParameter("tokenHash", tokenHash)
            .getResultList()));
    }

    /**
     * @return the user's live sessions, newest first
     */
    public List<SessionEntity> findLiveByUser(String userId, Instant now) {
        return translated(() -> entityManager.createQuery("""
                select s from HybridAuthSession s where s.userId = :userId and s.revokedAt is null
                and s.idleExpiresAt > :now and s.absoluteExpiresAt > :now order by s.startedAt desc""",
                SessionEntity.class)
            .setParameter("userId", userId)
            .setParameter("now", now)
            .getResultList());
    }

    /**
     * Inserts a session unless the user would then have more than {@code maxPerUser} live sessions. Logins of one
     * user are serialised on a row of {@code hybrid_auth_session_owner}, so concurrent logins cannot exceed the
     * limit.
     * @param evictOldest whether to revoke the oldest sessions to make room, rather than refuse
     * @return the ids of the sessions revoked to make room
     * @throws dev.hybridauth.SessionLimitExceededException when the limit is reached and the policy is to refuse
     */
    public List<String> insertWithinLimit(SessionEntity session, int maxPerUser, boolean evictOldest, Instant now) {
        ensureOwnerRow(session.getUserId());
        return translated(() -> transactions.execute(status -> {
            entityManager
                .createNativeQuery("select user_id from hybrid_auth_session_owner where user_id = ? for update")
                .setParameter(1, session.getUserId())
                .getResultList();
            List<SessionEntity> live = findLiveByUser(session.getUserId(), now);
            int excess = live.size() + 1 - maxPerUser;
            if (excess > 0 && !evictOldest) {
                throw new dev.hybridauth.SessionLimitExceededException(maxPerUser);
            }
            List<String> evicted = (excess > 0) ? live.subList(live.size() - excess, live.size())
                .stream()
                .map(SessionEntity::getSessionId)
                .toList() : List.of();
            for (String sessionId : evicted) {
                revoke(sessionId, now, dev.hybridauth.RevocationReason.SESSION_LIMIT.name());
            }
            entityManager.persist(session);
            return evicted;
        }));
    }

    private void ensureOwnerRow(String userId) {
        if (!ownerRowExists(userId)) {
            try {
                transactions.executeWithoutResult(status -> entityManager
                    .createNativeQuery("insert into hybrid_auth_session_owner (user_id) values (?)")
                    .setParameter(1, userId)
                    .executeUpdate());
            }
            catch (RuntimeException ex) {
                // a concurrent login inserted it first
                if (!ownerRowExists(userId)) {
                    throw ex;
                }
            }
        }
    }

    private boolean ownerRowExists(String userId) {
        return translated(() -> !entityManager
            .createNativeQuery("select user_id from hybrid_auth_session_owner where user_id = ?")
            .setParameter(1, userId)
            .getResultList()
            .isEmpty());
    }

    /**
     * Records a re-authentication: a new token hash (the old token stops working), {@code authenticated_at}
     * moved to now, the authorities reloaded, if the session is still live.
     * @return whether the session was live and is now re-authenticated
     */
    public boolean reauthenticate(String sessionId, String newTokenHash, Instant now, Instant idleExpiresAt,
            String authorities) {
        return update("""
                update HybridAuthSession s set s.tokenHash = :tokenHash, s.authenticatedAt = :now,
                s.lastAccessedAt = :now, s.idleExpiresAt = :idleExpiresAt, s.authorities = :authorities
                where s.sessionId = :sessionId and s.revokedAt is null
                and s.idleExpiresAt > :now and s.absoluteExpiresAt > :now""",
                query -> query.setParameter("tokenHash", newTokenHash)
                    .setParameter("now", now)
                    .setParameter("idleExpiresAt", idleExpiresAt)
                    .setParameter("authorities", authorities)
                    .setParameter("sessionId", sessionId)) > 0;
    }

    /**
     * Records new authorities on every live session of a user, for routes that read them live.
     * @return how many sessions were updated
     */
    public int updateAuthorities(String userId, String authorities) {
        return update("""
                update HybridAuthSession s set s.authorities = :authorities
                where s.userId = :userId and s.revokedAt is null""",
                query -> query.setParameter("authorities", authorities).setParameter("userId", userId));
    }

    public Optional<SessionEntity> findBySessionId(String sessionId) {
        return translated(() -> single(entityManager
            .createQuery("select s from HybridAuthSession s where s.sessionId = :sessionId", SessionEntity.class)
            .setParameter("sessionId", sessionId)
            .getResultList()));
    }

    /**
     * Records an access unless another request recorded one after {@code lastAccessedAtOrBefore}.
     * @return whether the row was updated
     */
    public boolean touch(String sessionId, Instant now, Instant idleExpiresAt, Instant lastAccessedAtOrBefore) {
        return update("""
                update HybridAuthSession s set s.lastAccessedAt = :now, s.idleExpiresAt = :idleExpiresAt
                where s.sessionId = :sessionId and s.revokedAt is null and s.lastAccessedAt <= :lastAccessedAtOrBefore""",
                query -> query.setParameter("now", now)
                    .setParameter("idleExpiresAt", idleExpiresAt)
                    .setParameter("sessionId", sessionId)
                    .setParameter("lastAccessedAtOrBefore", lastAccessedAtOrBefore)) > 0;
    }

    /**
     * Records a refresh: the access, the slid idle expiry and the reloaded authorities, if the session is still
     * live at {@code now}. Concurrent refreshes of one session all succeed; a refresh after a revocation does not.
     * @return whether the session was live and is now refreshed
     */
    public boolean refresh(String sessionId, Instant now, Instant idleExpiresAt, String authorities) {
        return update("""
                update HybridAuthSession s set s.lastAccessedAt = :now, s.idleExpiresAt = :idleExpiresAt,
                s.authorities = :authorities
                where s.sessionId = :sessionId and s.revokedAt is null
                and s.idleExpiresAt > :now and s.absoluteExpiresAt > :now""",
                query -> query.setParameter("now", now)
                    .setParameter("idleExpiresAt", idleExpiresAt)
                    .setParameter("authorities", authorities)
                    .setParameter("sessionId", sessionId)) > 0;
    }

    /**
     * Revokes a session unless it is already revoked.
     * @return whether the row was updated
     */
    public boolean revoke(String sessionId, Instant now, String reason) {
        return update("""
                update HybridAuthSession s set s.revokedAt = :now, s.revocationReason = :reason
                where s.sessionId = :sessionId and s.revokedAt is null""",
                query -> query.setParameter("now", now)
                    .setParameter("reason", reason)
                    .setParameter("sessionId", sessionId)) > 0;
    }

    private int update(String jpql, UnaryOperator<Query> parameters) {
        Integer updated = translated(() -> transactions
            .execute(status -> parameters.apply(entityManager.createQuery(jpql)).executeUpdate()));
        return (updated != null) ? updated : 0;
    }

    /**
     * Runs JPA work and turns its exceptions into Spring's {@code DataAccessException}s, so that callers can tell
     * an unreachable database from a bug. (Spring Data repositories do this through a proxy; this store is not one.)
     */
    private static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        }
        catch (PersistenceException ex) {
            DataAccessException translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(ex);
            throw (translated != null) ? translated : ex;
        }
    }

    private static Optional<SessionEntity> single(List<SessionEntity> results) {
        return results.isEmpty() ? Optional.empty() : Optional.of(results.get(0));
    }

}
