package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.event.HybridSessionStartedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import tools.jackson.databind.JsonNode;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sensitive routes, step-up, device management, events and metrics, over HTTP: every way of ending a session
 * makes the sensitive routes refuse its still-unexpired JWT at once.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SensitiveRouteTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    InMemoryUserDetailsManager users;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    HybridSessionService sessions;

    @Autowired
    RecordedEvents events;

    @Autowired
    MeterRegistry meters;

    HttpClientSupport http;

    @BeforeEach
    void setUp() {
        clock.reset();
        http = new HttpClientSupport(port);
        for (String name : List.of("erin", "frank")) {
            if (users.userExists(name)) {
                users.deleteUser(name);
            }
            sessions.revokeAll(name, RevocationReason.APPLICATION);
        }
        users.createUser(User.withUsername("erin").password(passwordEncoder.encode("erin-password")).roles("USER").build());
        users.createUser(User.withUsername("frank")
            .password(passwordEncoder.encode("frank-password"))
            .roles("USER", "ADMIN")
            .build());
    }

    @Test
    void jwtOnASensitiveRouteIsCheckedLiveWithOneStatement() {
        String jwt = http.login("erin", "erin-password").get("session_jwt").asString();

        RequestStatements.reset();
        HttpResponse<String> response = http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RequestStatements.count()).isEqualTo(1);
    }

    @Test
    void everyRevocationReachesSensitiveRoutesAtOnce() {
        assertRevocationReachesSensitiveRoutes(login -> http.post("/auth/logout", null, "", "Authorization",
                "Bearer " + login.get("session_token").asString()));
        assertRevocationReachesSensitiveRoutes(login -> {
            String other = http.login("erin", "erin-password").get("session_jwt").asString();
            assertThat(http.delete("/auth/sessions/" + login.get("session").get("session_id").asString(),
                    "Authorization", "Bearer " + other).statusCode()).isEqualTo(204);
        });
        assertRevocationReachesSensitiveRoutes(login -> {
            String other = http.login("erin", "erin-password").get("session_jwt").asString();
            assertThat(http.delete("/auth/sessions", "Authorization", "Bearer " + other).statusCode())
                .isEqualTo(204);
        });
        assertRevocationReachesSensitiveRoutes(login -> {
            String other = http.login("erin", "erin-password").get("session_jwt").asString();
            assertThat(http.post("/auth/logout-all", null, "", "Authorization", "Bearer " + other).statusCode())
                .isEqualTo(204);
        });
        assertRevocationReachesSensitiveRoutes(login -> {
            String other = http.login("erin", "erin-password").get("session_token").asString();
            users.updateUser(User.withUserDetails(users.loadUserByUsername("erin")).disabled(true).build());
            assertThat(http.post("/auth/refresh", null, "", "Authorization", "Bearer " + other).statusCode())
                .isEqualTo(401);
            users.updateUser(User.withUserDetails(users.loadUserByUsername("erin")).disabled(false).build());
        });
    }

    private void assertRevocationReachesSensitiveRoutes(Consumer<JsonNode> revocation) {
        JsonNode login = http.login("erin", "erin-password");
        String jwt = login.get("session_jwt").asString();
        assertThat(http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt).statusCode())
            .isEqualTo(200);

        revocation.accept(login);

        assertThat(http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode())
            .as("an ordinary route trusts the JWT until it expires").isEqualTo(200);
        for (HttpResponse<String> response : List.of(
                http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt),
                http.get("/api/critical", "Authorization", "Bearer " + jwt),
                http.get("/api/vault", "Authorization", "Bearer " + jwt),
                http.get("/api/by-path/report", "Authorization", "Bearer " + jwt),
                http.get("/auth/sessions", "Authorization", "Bearer " + jwt))) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
        }
        assertThat(http.post("/auth/refresh", null, "", "Authorization",
                "Bearer " + login.get("session_token").asString()).statusCode()).isEqualTo(401);
    }

    @Test
    void roleDowngradeAppliesOnSensitiveRoutesAtOnceAndEverywhereAfterTheNextRefresh() {
        JsonNode login = http.login("frank", "frank-password");
        String jwt = login.get("session_jwt").asString();
        assertThat(http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);

        users.updateUser(User.withUserDetails(users.loadUserByUsername("frank")).roles("USER").build());
        sessions.updateAuthorities("frank", List.of("ROLE_USER"));

        assertThat(http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(403);
        assertThat(http.get("/api/admin", "Authorization", "Bearer " + jwt).statusCode())
            .as("an ordinary route until the JWT is refreshed").isEqualTo(200);
        String refreshed = json(http.post("/auth/refresh", null, "", "Authorization",
                "Bearer " + login.get("session_token").asString())).get("session_jwt").asString();
        assertThat(http.get("/api/admin", "Authorization", "Bearer " + refreshed).statusCode()).isEqualTo(403);
    }

    @Test
    void roleUpgradeWithoutTellingHybridAuthReachesRoutesAtTheNextRefresh() {
        JsonNode login = http.login("erin", "erin-password");
        users.updateUser(User.withUserDetails(users.loadUserByUsername("erin")).roles("USER", "ADMIN").build());

        String refreshed = json(http.post("/auth/refresh", null, "", "Authorization",
                "Bearer " + login.get("session_token").asString())).get("session_jwt").asString();

        assertThat(http.get("/api/admin/sensitive", "Authorization", "Bearer " + refreshed).statusCode())
            .isEqualTo(200);
    }

    @Test
    void stepUpDemandsARecentLoginAndReauthenticationGrantsIt() {
        JsonNode login = http.login("erin", "erin-password");
        String token = login.get("session_token").asString();
        assertThat(http.post("/api/step-up", null, "", "Authorization", "Bearer " + token).statusCode())
            .isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));
        HttpResponse<String> tooOld = http.post("/api/step-up", null, "", "Authorization", "Bearer " + token);
        assertThat(tooOld.statusCode()).isEqualTo(401);
        assertThat(tooOld.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent authentication "
                        + "is required.\", max_age=300");
        assertThat(tooOld.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        String authenticatedAt = sessions.findLiveSessions("erin").get(0).authenticatedAt().toString();
        HttpResponse<String> wrong = http.postJson("/auth/reauthenticate", "{\"password\":\"nope\"}", "Authorization",
                "Bearer " + token);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(sessions.findLiveSessions("erin").get(0).authenticatedAt().toString()).isEqualTo(authenticatedAt);

        HttpResponse<String> again = http.postJson("/auth/reauthenticate", "{\"password\":\"erin-password\"}",
                "Authorization", "Bearer " + token);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode body = json(again);
        String newToken = body.get("session_token").asString();
        assertThat(newToken).isNotEqualTo(token);
        assertThat(body.get("session").get("authenticated_at").asString()).isGreaterThan(authenticatedAt);
        assertThat(setCookie(again, "hybrid_session")).isPresent();
        assertThat(http.post("/api/step-up", null, "", "Authorization", "Bearer " + newToken).statusCode())
            .isEqualTo(200);
        assertThat(http.post("/api/step-up", null, "", "Authorization",
                "Bearer " + body.get("session_jwt").asString()).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/hello", "Authorization", "Bearer " + token).statusCode())
            .as("the token before re-authentication").isEqualTo(401);
    }

    @Test
    void youngTokensSkipTheLiveCheckUntilMaxTokenAge() {
        JsonNode login = http.login("erin", "erin-password");
        String jwt = login.get("session_jwt").asString();
        http.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());

        RequestStatements.reset();
        assertThat(http.get("/api/young-token", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
        assertThat(RequestStatements.count()).isZero();

        clock.advance(Duration.ofSeconds(61));
        assertThat(http.get("/api/young-token", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(401);
    }

    @Test
    void sensitiveRoutesNeedACredential() {
        assertThat(http.postJson("/api/sensitive", "{}").statusCode()).isEqualTo(401);
        assertThat(http.get("/api/vault").statusCode()).isEqualTo(401);
    }

    @Test
    void devicesAreListedNewestFirstWithTheCurrentOneMarked() {
        String first = http.login("erin", "erin-password").get("session_jwt").asString();
        clock.advance(Duration.ofSeconds(5));
        JsonNode second = http.login("erin", "erin-password");

        JsonNode list = json(http.get("/auth/sessions", "Authorization", "Bearer " + first)).get("sessions");

        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("session_id").asString())
            .isEqualTo(second.get("session").get("session_id").asString());
        assertThat(list.get(0).get("current").asBoolean()).isFalse();
        assertThat(list.get(1).get("current").asBoolean()).isTrue();
        assertThat(list.get(1).has("user_agent")).isTrue();
    }

    @Test
    void anotherUsersSessionIdAnswersLikeAnUnknownOne() {
        String erin = http.login("erin", "erin-password").get("session_jwt").asString();
        JsonNode frank = http.login("frank", "frank-password");
        String franksSession = frank.get("session").get("session_id").asString();

        HttpResponse<String> others = http.delete("/auth/sessions/" + franksSession, "Authorization",
                "Bearer " + erin);
        HttpResponse<String> unknown = http.delete("/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA",
                "Authorization", "Bearer " + erin);
        HttpResponse<String> malformed = http.delete("/auth/sessions/'%20OR%201=1", "Authorization",
                "Bearer " + erin);

        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(others.body()).isEqualTo(unknown.body()).isEqualTo(malformed.body());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(malformed.statusCode()).isEqualTo(404);
        assertThat(http.get("/api/hello", "Authorization", "Bearer " + frank.get("session_token").asString())
            .statusCode()).as("frank's session survives").isEqualTo(200);
    }

    @Test
    void logoutAllClearsTheCookiesAndRevokesEveryDevice() {
        JsonNode one = http.login("erin", "erin-password");
        JsonNode two = http.login("erin", "erin-password");

        HttpResponse<String> response = http.post("/auth/logout-all", null, "", "Authorization",
                "Bearer " + one.get("session_token").asString());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(setCookie(response, "hybrid_session")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(sessions.findLiveSessions("erin")).isEmpty();
        assertThat(http.get("/api/hello", "Authorization", "Bearer " + two.get("session_token").asString())
            .statusCode()).isEqualTo(401);
    }

    @Test
    void sessionEventsAndMetricsArePublished() {
        events.clear();
        double jwtSuccesses = meters.counter("hybrid_auth.authentications", "method", "jwt", "outcome", "success")
            .count();
        double liveCheckFailures = meters.counter("hybrid_auth.live_checks", "outcome", "failure").count();
        double logouts = meters.counter("hybrid_auth.revocations", "reason", "logout").count();
        double refreshes = meters.counter("hybrid_auth.refreshes").count();
        double started = meters.counter("hybrid_auth.sessions.started").count();
        JsonNode login = http.login("erin", "erin-password");
        http.get("/api/hello", "Authorization", "Bearer " + login.get("session_jwt").asString());
        http.post("/auth/refresh", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
        http.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
        http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + login.get("session_jwt").asString());

        String sessionId = login.get("session").get("session_id").asString();
        assertThat(events.of(HybridSessionStartedEvent.class)).extracting(event -> event.session().sessionId())
            .containsExactly(sessionId);
        assertThat(events.of(dev.hybridauth.event.HybridSessionRefreshedEvent.class)).hasSize(1);
        assertThat(events.of(HybridSessionRevokedEvent.class))
            .containsExactly(new HybridSessionRevokedEvent(sessionId, "erin", RevocationReason.LOGOUT));
        assertThat(meters.counter("hybrid_auth.authentications", "method", "jwt", "outcome", "success").count())
            .isEqualTo(jwtSuccesses + 2);
        assertThat(meters.counter("hybrid_auth.live_checks", "outcome", "failure").count())
            .isEqualTo(liveCheckFailures + 1);
        assertThat(meters.counter("hybrid_auth.revocations", "reason", "logout").count()).isEqualTo(logouts + 1);
        assertThat(meters.counter("hybrid_auth.refreshes").count()).isEqualTo(refreshes + 1);
        assertThat(meters.counter("hybrid_auth.sessions.started").count()).isEqualTo(started + 1);
    }

}
