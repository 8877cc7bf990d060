package dev.hybridauth.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
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
        transactions.executeWithoutResult(status -> entityManager.persist(session));
    }

    public Optional<SessionEntity> findByTokenHash(String tokenHash) {
        return single(entityManager
            .createQuery("select s from HybridAuthSession s where s.tokenHash = :tokenHash", SessionEntity.class)
            .setParameter("tokenHash", tokenHash)
            .getResultList());
    }

    public Optional<SessionEntity> findBySessionId(String sessionId) {
        return single(entityManager
            .createQuery("select s from HybridAuthSession s where s.sessionId = :sessionId", SessionEntity.class)
            .setParameter("sessionId", sessionId)
            .getResultList());
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
     * Revokes every live session of a user.
     * @return how many sessions were revoked
     */
    public int revokeAllOfUser(String userId, Instant now, String reason) {
        return update("""
                update HybridAuthSession s set s.revokedAt = :now, s.revocationReason = :reason
                where s.userId = :userId and s.revokedAt is null""",
                query -> query.setParameter("now", now).setParameter("reason", reason).setParameter("userId", userId));
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
        Integer updated = transactions
            .execute(status -> parameters.apply(entityManager.createQuery(jpql)).executeUpdate());
        return (updated != null) ? updated : 0;
    }

    private static Optional<SessionEntity> single(List<SessionEntity> results) {
        return results.isEmpty() ? Optional.empty() : Optional.of(results.get(0));
    }

}
