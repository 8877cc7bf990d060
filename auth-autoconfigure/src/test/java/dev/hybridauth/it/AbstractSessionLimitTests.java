package dev.hybridauth.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.session.DefaultHybridSessionService;
import dev.hybridauth.session.JpaSessionStore;
import dev.hybridauth.token.SessionJwtIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hybrid-auth.session.max-per-user} holds under many parallel logins. Runs once per database.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hybrid-auth.session.max-per-user=3")
abstract class AbstractSessionLimitTests {

    private static final int PARALLEL_LOGINS = 24;

    @LocalServerPort
    int port;

    @Autowired
    HybridSessionService sessions;

    @Autowired
    JpaSessionStore store;

    @Autowired
    SessionJwtIssuer jwtIssuer;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void setUp() {
        clock.reset();
        sessions.revokeAll("alice", RevocationReason.APPLICATION);
        sessions.revokeAll("limited", RevocationReason.APPLICATION);
    }

    @Test
    void parallelLoginsEvictTheOldestAndNeverExceedTheLimit() throws Exception {
        List<Integer> statuses = inParallel(() -> new HttpClientSupport(port)
            .postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
            .statusCode());

        assertThat(statuses).containsOnly(200);
        assertThat(sessions.findLiveSessions("alice")).hasSize(3);
    }

    @Test
    void refusePolicyAdmitsExactlyTheLimitUnderParallelLogins() throws Exception {
        DefaultHybridSessionService refusing = new DefaultHybridSessionService(store, jwtIssuer, null, clock);
        refusing.setSessionLimit(3, SessionLimitPolicy.REFUSE);
        UsernamePasswordAuthenticationToken user = UsernamePasswordAuthenticationToken.authenticated("limited", null,
                AuthorityUtils.createAuthorityList("ROLE_USER"));

        List<Integer> outcomes = inParallel(() -> {
            try {
                refusing.start(user, ClientInfo.UNKNOWN);
                return 1;
            }
            catch (SessionLimitExceededException ex) {
                return 0;
            }
        });

        assertThat(outcomes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        assertThat(sessions.findLiveSessions("limited")).hasSize(3);
    }

    private static List<Integer> inParallel(Callable<Integer> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < PARALLEL_LOGINS; i++) {
                tasks.add(task);
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                results.add(result.get());
            }
            return results;
        }
        finally {
            pool.shutdown();
        }
    }

}
