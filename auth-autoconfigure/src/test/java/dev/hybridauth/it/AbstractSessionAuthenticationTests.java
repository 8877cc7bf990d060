package dev.hybridauth.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.StartedSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login, session-cookie and bearer-session-token authentication, logout, CSRF, session
 * fixation, expiry, touch throttling and bad credentials, over real HTTP against an
 * application that only adds the starter. Runs once per database.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractSessionAuthenticationTests {

	private static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	HybridSessionService sessions;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
		this.clock.reset();
	}

	@Test
	void anyAuthorityStringIsTheSameOnTheLivePathAndInTheJwt() {
		List<String> authorities = List.of("TEAM LEAD", "A  B", "Ä \"quoted\"", "ROLE_USER");
		StartedSession started = this.sessions.start(UsernamePasswordAuthenticationToken.authenticated("spacey", null,
				authorities.stream().map(SimpleGrantedAuthority::new).toList()), ClientInfo.UNKNOWN);

		HttpResponse<String> live = this.http.get("/auth/session", "Authorization", "Bearer " + started.sessionToken());
		HttpResponse<String> jwt = this.http.get("/auth/session", "Authorization", "Bearer " + started.jwt().token());

		assertThat(live.statusCode()).isEqualTo(200);
		assertThat(json(live).get("authenticated_via").asString()).isEqualTo("session");
		assertThat(json(live).get("authorities").valueStream().map(JsonNode::asString).toList()).isEqualTo(authorities);
		assertThat(json(jwt).get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(json(jwt).get("authorities").valueStream().map(JsonNode::asString).toList()).isEqualTo(authorities);
	}

	@Test
	void loginWithJsonStartsSessionAndSetsHttpOnlyCookie() {
		HttpResponse<String> response = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}", "User-Agent", "test-agent/1.0");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		String token = body.get("session_token").asString();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		JsonNode session = body.get("session");
		assertThat(session.get("user_id").asString()).isEqualTo("alice");
		assertThat(session.get("session_id").asString()).isNotEqualTo(token).matches("[A-Za-z0-9_-]{22}");
		assertThat(session.get("user_agent").asString()).isEqualTo("test-agent/1.0");
		assertThat(session.get("ip_address").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		for (String field : List.of("started_at", "last_accessed_at", "expires_at", "absolute_expires_at",
				"authenticated_at")) {
			assertThat(session.get(field).asString()).as(field).endsWith("Z");
		}
		String cookie = setCookie(response, "hybrid_session").orElseThrow();
		assertThat(cookie).startsWith("hybrid_session=" + token + ";")
			.contains("HttpOnly", "Path=/", "SameSite=Lax")
			.doesNotContain("Domain");
	}

	@Test
	void sessionStoresOnlyTheHashOfTheToken() {
		JsonNode login = this.http.login("alice", "alice-password");
		String token = login.get("session_token").asString();
		String sessionId = login.get("session").get("session_id").asString();

		String storedHash = this.jdbc.queryForObject("select token_hash from hybrid_auth_session where session_id = ?",
				String.class, sessionId);
		assertThat(storedHash).isEqualTo(sha256Hex(token)).isNotEqualTo(token);
		Integer rowsWithToken = this.jdbc.queryForObject(
				"select count(*) from hybrid_auth_session where token_hash = ? or session_id = ? or user_agent = ?",
				Integer.class, token, token, token);
		assertThat(rowsWithToken).isZero();
	}

	@Test
	void wrongPasswordAndUnknownUserGetTheSameAnswer() {
		HttpResponse<String> wrongPassword = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"nope\"}");
		HttpResponse<String> unknownUser = this.http.postJson("/auth/login",
				"{\"username\":\"mallory\",\"password\":\"nope\"}");

		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(unknownUser.statusCode()).isEqualTo(401);
		assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
		assertThat(wrongPassword.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(setCookie(wrongPassword, "hybrid_session")).isEmpty();
	}

	@Test
	void loginWithMissingOrMalformedFieldsIsBadRequest() {
		assertThat(this.http.postJson("/auth/login", "{\"username\":\"alice\"}").statusCode()).isEqualTo(400);
		assertThat(this.http.postJson("/auth/login", "{\"username\":1,\"password\":2}").statusCode()).isEqualTo(400);
		HttpResponse<String> truncated = this.http.postJson("/auth/login", "{\"username\":");
		assertThat(truncated.statusCode()).isEqualTo(400);
		assertThat(truncated.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void formLoginNeedsCsrfToken() {
		String form = "username=alice&password=alice-password";
		assertThat(this.http.post("/auth/login", "application/x-www-form-urlencoded", form).statusCode())
			.isEqualTo(403);

		HttpClientSupport.Csrf csrf = this.http.csrf();
		HttpResponse<String> response = this.http.post("/auth/login", "application/x-www-form-urlencoded",
				form + "&" + csrf.parameterName() + "=" + csrf.token(), "Cookie", csrf.cookie());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(setCookie(response, "hybrid_session")).isPresent();
	}

	@Test
	void sessionCookieAuthenticatesRequests() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> hello = this.http.get("/api/hello", "Cookie", "hybrid_session=" + token);
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(json(hello).get("user").asString()).isEqualTo("alice");

		JsonNode session = json(this.http.get("/auth/session", "Cookie", "hybrid_session=" + token));
		assertThat(session.get("authenticated_via").asString()).isEqualTo("session");
		assertThat(session.get("authorities").toString()).isEqualTo("[\"ROLE_USER\"]");
		assertThat(session.get("user_id").asString()).isEqualTo("alice");
	}

	@Test
	void bearerSessionTokenAuthenticatesRequestsWithCaseInsensitiveScheme() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/hello", "Authorization", "bearer " + token).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/hello", "Authorization", "BEARER " + token).statusCode()).isEqualTo(200);
	}

	@Test
	void authoritiesDecideAccess() {
		String alice = this.http.login("alice", "alice-password").get("session_token").asString();
		String admin = this.http.login("admin", "admin-password").get("session_token").asString();

		HttpResponse<String> denied = this.http.get("/api/admin", "Authorization", "Bearer " + alice);
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"insufficient_scope\""));
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.http.get("/api/admin", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(200);
	}

	@Test
	void noCredentialOnProtectedRouteIsPlainBearerChallenge() {
		HttpResponse<String> response = this.http.get("/api/hello");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(setCookie(response, "JSESSIONID")).isEmpty();
	}

	@Test
	void cookieAuthenticatedUnsafeMethodNeedsCsrfTokenAndBearerDoesNot() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		assertThat(this.http.postJson("/api/echo", "{}", "Cookie", "hybrid_session=" + token).statusCode())
			.isEqualTo(403);
		HttpClientSupport.Csrf csrf = this.http.csrf();
		assertThat(this.http
			.postJson("/api/echo", "{}", "Cookie", "hybrid_session=" + token + "; " + csrf.cookie(), csrf.headerName(),
					csrf.token())
			.statusCode()).isEqualTo(200);
		assertThat(this.http.postJson("/api/echo", "{}", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(200);
	}

	@Test
	void logoutRevokesTheSessionAndClearsBothCookies() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		HttpClientSupport.Csrf csrf = this.http.csrf();
		String cookies = "hybrid_session=" + token + "; " + csrf.cookie();

		HttpResponse<String> logout = this.http.post("/auth/logout", null, "", "Cookie", cookies, csrf.headerName(),
				csrf.token());
		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(setCookie(logout, "hybrid_session")).hasValueSatisfying((c) -> assertThat(c).contains("Max-Age=0"));
		assertThat(setCookie(logout, "hybrid_session_jwt"))
			.hasValueSatisfying((c) -> assertThat(c).contains("Max-Age=0"));

		HttpResponse<String> afterCookie = this.http.get("/api/hello", "Cookie", "hybrid_session=" + token);
		assertThat(afterCookie.statusCode()).isEqualTo(401);
		assertThat(afterCookie.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith(INVALID_TOKEN_CHALLENGE));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
		assertThat(this.http.post("/auth/logout", null, "", "Cookie", cookies, csrf.headerName(), csrf.token())
			.statusCode()).as("logout again").isEqualTo(204);
	}

	@Test
	void bearerLogoutRevokesTheSession() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		assertThat(this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(204);
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
	}

	@Test
	void loginNeverKeepsTheSessionTheRequestCarried() {
		String first = this.http.login("alice", "alice-password").get("session_token").asString();
		HttpClientSupport.Csrf csrf = this.http.csrf();

		HttpResponse<String> again = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}", "Cookie",
				"hybrid_session=" + first + "; " + csrf.cookie(), csrf.headerName(), csrf.token());

		assertThat(again.statusCode()).isEqualTo(200);
		String second = json(again).get("session_token").asString();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.http.get("/api/hello", "Cookie", "hybrid_session=" + first).statusCode()).isEqualTo(401);
		assertThat(this.http.get("/api/hello", "Cookie", "hybrid_session=" + second).statusCode()).isEqualTo(200);
	}

	@Test
	void idleSessionExpiresAndUseSlidesIt() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
	}

	@Test
	void absoluteExpiryEndsAnActiveSession() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		for (int i = 0; i < 23; i++) {
			this.clock.advance(Duration.ofMinutes(20));
			assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		}
		this.clock.advance(Duration.ofMinutes(21));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).as("past 8 hours")
			.isEqualTo(401);
	}

	@Test
	void lastAccessIsWrittenAtMostOncePerTouchInterval() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		SqlRecorder.clear();

		for (int i = 0; i < 5; i++) {
			assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		}
		assertThat(SqlRecorder.count("select")).isEqualTo(5);
		assertThat(SqlRecorder.count("update")).isZero();

		this.clock.advance(Duration.ofSeconds(61));
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		}
		assertThat(SqlRecorder.count("select")).isEqualTo(8);
		assertThat(SqlRecorder.count("update")).isEqualTo(1);
	}

	@Test
	void malformedCredentialsAreRefusedAlikeWithoutTouchingTheDatabase() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		List<String> malformed = List.of("garbage", token.substring(0, 20), token + "A", "x".repeat(10_000),
				"' OR '1'='1' --", "a;drop table hybrid_auth_session", token.substring(0, 42) + "+",
				token.substring(0, 42) + "=");
		SqlRecorder.clear();
		String firstBody = null;
		for (String value : malformed) {
			HttpResponse<String> bearer = this.http.get("/api/hello", "Authorization", "Bearer " + value);
			assertThat(bearer.statusCode()).as(value).isIn(401, 400, 431);
			if (bearer.statusCode() == 401) {
				assertThat(bearer.headers().firstValue("WWW-Authenticate"))
					.hasValueSatisfying((header) -> assertThat(header).startsWith(INVALID_TOKEN_CHALLENGE));
				firstBody = (firstBody != null) ? firstBody : bearer.body();
				assertThat(bearer.body()).isEqualTo(firstBody).doesNotContain(value);
			}
			HttpResponse<String> cookie = this.http.get("/api/hello", "Cookie", "hybrid_session=" + value);
			assertThat(cookie.statusCode()).as(value).isIn(401, 400, 431);
		}
		assertThat(SqlRecorder.sessionStatements()).isZero();

		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(SqlRecorder.sessionStatements()).as("positive control: a well-formed token is looked up")
			.isEqualTo(1);
	}

	@Test
	void unknownWellFormedTokenIsRefusedWithTheSameBody() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + token);
		String unknown = randomToken();

		HttpResponse<String> revoked = this.http.get("/api/hello", "Authorization", "Bearer " + token);
		HttpResponse<String> never = this.http.get("/api/hello", "Authorization", "Bearer " + unknown);
		HttpResponse<String> garbage = this.http.get("/api/hello", "Authorization", "Bearer garbage");

		assertThat(revoked.statusCode()).isEqualTo(401);
		assertThat(never.statusCode()).isEqualTo(401);
		assertThat(revoked.body()).isEqualTo(never.body()).isEqualTo(garbage.body());
		assertThat(revoked.headers().firstValue("WWW-Authenticate"))
			.isEqualTo(never.headers().firstValue("WWW-Authenticate"));
	}

	@Test
	void nonAsciiCredentialsAreRefused() throws IOException {
		String bearer = RawHttp.send(this.port, "GET /api/hello HTTP/1.1\r\nAuthorization: Bearer tökén-ünïcödé\r\n");
		String cookie = RawHttp.send(this.port, "GET /api/hello HTTP/1.1\r\nCookie: hybrid_session=tökén\r\n");

		assertThat(RawHttp.status(bearer)).isIn(400, 401);
		assertThat(RawHttp.status(cookie)).isIn(400, 401);
		assertThat(bearer).doesNotContain("Exception");
	}

	@Test
	void twoAuthorizationHeadersAreBadRequest() throws IOException {
		String response = RawHttp.send(this.port,
				"GET /api/hello HTTP/1.1\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(400);
		assertThat(response).contains("application/problem+json");
	}

	@Test
	void otherSchemesAndEmptyBearerAreInvalidTokens() {
		for (String authorization : List.of("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=", "Bearer ", "Bearer", "Token abc")) {
			HttpResponse<String> response = this.http.get("/api/hello", "Authorization", authorization);
			assertThat(response.statusCode()).as(authorization).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(authorization)
				.hasValueSatisfying((header) -> assertThat(header).startsWith(INVALID_TOKEN_CHALLENGE));
		}
	}

	@Test
	void staleCookieDoesNotBreakPublicEndpointsAndIsCleared() {
		HttpResponse<String> response = this.http.get("/auth/csrf", "Cookie", "hybrid_session=" + randomToken());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(setCookie(response, "hybrid_session"))
			.hasValueSatisfying((c) -> assertThat(c).contains("Max-Age=0"));
	}

	/**
	 * The SHA-256 of a token in lowercase hex, computed here rather than by the code
	 * under test.
	 */
	private static String sha256Hex(String token) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A well-formed session token that no session has: 256 random bits, base64url. */
	private static String randomToken() {
		byte[] random = new byte[32];
		new java.security.SecureRandom().nextBytes(random);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
