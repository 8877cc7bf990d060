package dev.hybridauth.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application answers the contract's endpoints on its embedded H2 database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void pingIsPublic() throws Exception {
        HttpResponse<String> ping = send(get("/api/ping"));
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(send(get("/api/me")).statusCode()).isEqualTo(401);
    }

    @Test
    void meAnswersForSessionCookieAndBearerSessionToken() throws Exception {
        String token = login("alice", "alice-password").get("session_token").asString();

        JsonNode byCookie = body(send(get("/api/me").header("Cookie", "hybrid_session=" + token)));
        JsonNode byBearer = body(send(get("/api/me").header("Authorization", "Bearer " + token)));

        assertThat(byCookie.get("user").asString()).isEqualTo("alice");
        assertThat(byCookie.get("authorities").toString()).isEqualTo("[\"ROLE_USER\"]");
        assertThat(byCookie.get("authenticated_via").asString()).isEqualTo("session");
        assertThat(byBearer.get("authenticated_via").asString()).isEqualTo("session");
    }

    @Test
    void meAnswersJwtForBearerJwtAndJwtCookie() throws Exception {
        String jwt = login("alice", "alice-password").get("session_jwt").asString();

        JsonNode byBearer = body(send(get("/api/me").header("Authorization", "Bearer " + jwt)));
        JsonNode byCookie = body(send(get("/api/me").header("Cookie", "hybrid_session_jwt=" + jwt)));

        assertThat(byBearer.get("authenticated_via").asString()).isEqualTo("jwt");
        assertThat(byBearer.get("user").asString()).isEqualTo("alice");
        assertThat(byCookie.get("authenticated_via").asString()).isEqualTo("jwt");
        assertThat(send(get("/.well-known/jwks.json")).statusCode()).isEqualTo(200);
    }

    @Test
    void adminRoutesNeedTheAdminRole() throws Exception {
        String alice = login("alice", "alice-password").get("session_token").asString();
        String admin = login("admin", "admin-password").get("session_token").asString();

        assertThat(send(get("/api/admin/stats").header("Authorization", "Bearer " + alice)).statusCode())
            .isEqualTo(403);
        assertThat(send(get("/api/admin/stats").header("Authorization", "Bearer " + admin)).statusCode())
            .isEqualTo(200);
        assertThat(send(get("/api/reports").header("Authorization", "Bearer " + alice)).statusCode())
            .isEqualTo(200);
    }

    @Test
    void sessionCsrfAndLogoutFollowTheContract() throws Exception {
        String token = login("alice", "alice-password").get("session_token").asString();

        JsonNode session = body(send(get("/auth/session").header("Authorization", "Bearer " + token)));
        assertThat(session.get("user_id").asString()).isEqualTo("alice");
        assertThat(session.get("authenticated_via").asString()).isEqualTo("session");

        JsonNode csrf = body(send(get("/auth/csrf")));
        assertThat(csrf.get("header_name").asString()).isNotBlank();
        assertThat(csrf.get("parameter_name").asString()).isNotBlank();

        HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/auth/logout"))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(send(get("/api/me").header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(401);
    }

    @Test
    void sensitiveRoutesCheckTheSessionLive() throws Exception {
        JsonNode login = login("alice", "alice-password");
        String jwt = login.get("session_jwt").asString();
        String token = login.get("session_token").asString();

        assertThat(send(postJson("/api/transfers", "{\"amount\":10}").header("Authorization", "Bearer " + jwt))
            .statusCode()).isEqualTo(200);
        assertThat(send(postJson("/api/account/email", "{\"email\":\"a@example.com\"}")
            .header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
        send(HttpRequest.newBuilder(uri("/auth/logout")).header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(send(postJson("/api/transfers", "{}").header("Authorization", "Bearer " + jwt)).statusCode())
            .isEqualTo(401);
    }

    @Test
    void adminChangesRolesAndSensitiveRoutesSeeThemAtOnce() throws Exception {
        String admin = login("admin", "admin-password").get("session_jwt").asString();
        String alice = login("alice", "alice-password").get("session_jwt").asString();

        assertThat(send(putJson("/api/admin/users/alice/roles", "{\"roles\":[\"ROLE_USER\"]}")
            .header("Authorization", "Bearer " + alice)).statusCode()).isEqualTo(403);
        HttpResponse<String> changed = send(putJson("/api/admin/users/alice/roles",
                "{\"roles\":[\"ROLE_USER\",\"ROLE_AUDITOR\"]}").header("Authorization", "Bearer " + admin));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(send(putJson("/api/admin/users/nobody/roles", "{\"roles\":[\"ROLE_USER\"]}")
            .header("Authorization", "Bearer " + admin)).statusCode()).isEqualTo(404);
        HttpResponse<String> invalid = send(putJson("/api/admin/users/alice/roles", "{\"roles\":[\"admin\"]}")
            .header("Authorization", "Bearer " + admin));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        send(putJson("/api/admin/users/alice/roles", "{\"roles\":[\"ROLE_USER\"]}").header("Authorization",
                "Bearer " + admin));
    }

    private HttpRequest.Builder postJson(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder putJson(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    }

    private JsonNode login(String username, String password) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/auth/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
        assertThat(response.statusCode()).isEqualTo(200);
        return body(response);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

}
