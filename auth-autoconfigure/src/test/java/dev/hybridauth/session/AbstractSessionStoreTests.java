package dev.hybridauth.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import dev.hybridauth.it.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store and the schema script on a real database; Hibernate validates the script's table against the
 * entity at startup ({@code ddl-auto=validate}).
 */
@SpringBootTest(classes = TestApplication.class)
abstract class AbstractSessionStoreTests {

    @Autowired
    JpaSessionStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void schemaHasNamedIndexes() {
        assertThat(indexNames()).contains("hybrid_auth_session_token_hash_uk", "hybrid_auth_session_user_id_idx",
                "hybrid_auth_session_idle_expires_at_idx", "hybrid_auth_session_revoked_at_idx");
    }

    @Test
    void insertThenFindByTokenHashAndBySessionId() {
        SessionEntity entity = newSession("bob", SessionTokens.newToken());
        store.insert(entity);

        assertThat(store.findByTokenHash(entity.getTokenHash())).hasValueSatisfying(found -> {
            assertThat(found.getSessionId()).isEqualTo(entity.getSessionId());
            assertThat(found.getUserId()).isEqualTo("bob");
            assertThat(found.toSession().authorities()).containsExactly("ROLE_USER", "ROLE_AUDITOR");
        });
        assertThat(store.findBySessionId(entity.getSessionId())).isPresent();
        assertThat(store.findByTokenHash(SessionTokens.hash(SessionTokens.newToken()))).isEmpty();
    }

    @Test
    void tokenHashIsUnique() {
        String token = SessionTokens.newToken();
        store.insert(newSession("bob", token));

        assertThatExceptionOfType(DataIntegrityViolationException.class)
            .isThrownBy(() -> store.insert(newSession("carol", token)));
    }

    @Test
    void touchWritesOnlyWhenTheLastAccessIsOldEnough() {
        SessionEntity entity = newSession("bob", SessionTokens.newToken());
        store.insert(entity);
        Instant later = entity.getLastAccessedAt().plusSeconds(30);

        assertThat(store.touch(entity.getSessionId(), later, later.plusSeconds(1800), later.minusSeconds(60)))
            .isFalse();
        assertThat(store.touch(entity.getSessionId(), later, later.plusSeconds(1800), later.minusSeconds(10)))
            .isTrue();
        assertThat(store.findBySessionId(entity.getSessionId()).orElseThrow().getLastAccessedAt()).isEqualTo(later);
    }

    @Test
    void revokeIsRecordedOnceWithItsReason() {
        SessionEntity entity = newSession("bob", SessionTokens.newToken());
        store.insert(entity);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertThat(store.revoke(entity.getSessionId(), now, "LOGOUT")).isTrue();
        assertThat(store.revoke(entity.getSessionId(), now.plusSeconds(5), "LOGOUT_ALL")).isFalse();
        SessionEntity revoked = store.findBySessionId(entity.getSessionId()).orElseThrow();
        assertThat(revoked.getRevokedAt()).isEqualTo(now);
        assertThat(revoked.getRevocationReason()).isEqualTo("LOGOUT");
        assertThat(revoked.isLiveAt(now)).isFalse();
    }

    @Test
    void longUserAgentIsTruncated() {
        SessionEntity entity = new SessionEntity(SessionTokens.newSessionId(), SessionTokens.hash(SessionTokens.newToken()),
                "bob", List.of(), now(), now().plusSeconds(60), now().plusSeconds(120), "10.0.0.1", "x".repeat(5000));
        store.insert(entity);

        assertThat(store.findBySessionId(entity.getSessionId()).orElseThrow().toSession().userAgent())
            .hasSize(SessionEntity.USER_AGENT_MAX_LENGTH);
    }

    abstract List<String> indexNames();

    List<String> lowerCase(List<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    }

    private static SessionEntity newSession(String user, String token) {
        Instant now = now();
        return new SessionEntity(SessionTokens.newSessionId(), SessionTokens.hash(token), user,
                List.of("ROLE_USER", "ROLE_AUDITOR"), now, now.plusSeconds(1800), now.plusSeconds(28800), "10.0.0.1",
                "junit");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
