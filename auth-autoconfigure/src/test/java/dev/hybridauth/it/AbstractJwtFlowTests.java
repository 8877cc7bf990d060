package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session JWTs end to end: issuing, verification by an independent verifier from the JWKS
 * alone, the refresh rules, and the transparent browser refresh. Runs once per database.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hybrid-auth.refresh.accept-expired-jwt=true",
				"hybrid-auth.refresh.expired-jwt-grace-period=10m" })
abstract class AbstractJwtFlowTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	InMemoryUserDetailsManager users;

	@Autowired
	PasswordEncoder passwordEncoder;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.clock.reset();
		this.http = new HttpClientSupport(this.port);
		if (!this.users.userExists("carol")) {
			this.users.createUser(carol("ROLE_USER"));
		}
	}

	@AfterEach
	void restoreCarol() {
		this.users.updateUser(carol("ROLE_USER"));
	}

	@Test
	void loginReturnsASessionJwtWithTheContractsHeaderAndClaims() {
		HttpResponse<String> response = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");
		JsonNode body = json(response);
		String jwt = body.get("session_jwt").asString();
		String[] parts = JwtForge.parts(jwt);

		JsonNode header = tools.jackson.databind.json.JsonMapper.builder().build().readTree(JwtForge.decode(parts[0]));
		JsonNode claims = tools.jackson.databind.json.JsonMapper.builder().build().readTree(JwtForge.decode(parts[1]));
		assertThat(header.get("alg").asString()).isEqualTo("RS256");
		assertThat(header.get("typ").asString()).isEqualTo("JWT");
		assertThat(header.get("kid").asString()).isNotBlank();
		assertThat(claims.get("iss").asString()).isEqualTo("hybrid-auth");
		assertThat(claims.get("sub").asString()).isEqualTo("alice");
		assertThat(claims.get("aud").toString()).contains("hybrid-auth");
		assertThat(claims.get("sid").asString()).isEqualTo(body.get("session").get("session_id").asString());
		assertThat(claims.get("roles").toString()).isEqualTo("[\"ROLE_USER\"]");
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
		assertThat(claims.get("nbf").asLong()).isEqualTo(claims.get("iat").asLong());
		assertThat(claims.has("jti")).isTrue();
		assertThat(claims.has("auth_time")).isTrue();
		assertThat(body.get("session_jwt_expires_at").asString())
			.isEqualTo(java.time.Instant.ofEpochSecond(claims.get("exp").asLong()).toString());
		assertThat(setCookie(response, "hybrid_session_jwt"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).startsWith("hybrid_session_jwt=" + jwt + ";")
				.contains("HttpOnly", "Path=/", "SameSite=Lax", "Max-Age=300"));
	}

	@Test
	void anIndependentVerifierThatKnowsOnlyTheJwksUrlAcceptsTheJwt() {
		String token = this.http.login("alice", "alice-password").get("session_jwt").asString();
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSetUri("http://localhost:" + this.port + "/.well-known/jwks.json")
			.build();
		decoder.setJwtValidator((jwt) -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());

		Jwt decoded = decoder.decode(token);

		assertThat(decoded.getSubject()).isEqualTo("alice");
		assertThat(decoded.getClaimAsStringList("roles")).containsExactly("ROLE_USER");
	}

	@Test
	void jwksPublishesPublicPartsOnlyWithCacheControl() {
		HttpResponse<String> response = this.http.get("/.well-known/jwks.json");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("max-age=300", "public"));
		JsonNode keys = json(response).get("keys");
		assertThat(keys.size()).isGreaterThanOrEqualTo(1);
		for (JsonNode key : keys) {
			assertThat(key.get("kid").asString()).isNotBlank();
			assertThat(key.get("alg").asString()).isEqualTo("RS256");
			assertThat(key.get("use").asString()).isEqualTo("sig");
			for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
				assertThat(key.has(privatePart)).as(privatePart).isFalse();
			}
		}
	}

	@Test
	void bearerJwtAuthenticatesAsJwt() {
		String token = this.http.login("alice", "alice-password").get("session_jwt").asString();

		JsonNode session = json(this.http.get("/auth/session", "Authorization", "Bearer " + token));

		assertThat(session.get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(session.get("user_id").asString()).isEqualTo("alice");
	}

	@Test
	void refreshWithEachCredentialIssuesANewJwtAndSlidesTheIdleExpiry() {
		JsonNode login = this.http.login("alice", "alice-password");
		String token = login.get("session_token").asString();
		String expiresBefore = login.get("session").get("expires_at").asString();
		this.clock.advance(Duration.ofMinutes(10));

		HttpResponse<String> bearer = this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);
		HttpResponse<String> body = this.http.postJson("/auth/refresh", "{\"session_token\":\"" + token + "\"}");
		HttpClientSupport.Csrf csrf = this.http.csrf();
		HttpResponse<String> cookie = this.http.post("/auth/refresh", null, "", "Cookie",
				"hybrid_session=" + token + "; " + csrf.cookie(), csrf.headerName(), csrf.token());

		for (HttpResponse<String> response : List.of(bearer, body, cookie)) {
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode refreshed = json(response);
			assertThat(refreshed.has("session_token")).isFalse();
			assertThat(refreshed.get("session_jwt").asString()).isNotEqualTo(login.get("session_jwt").asString());
			assertThat(refreshed.get("session").get("expires_at").asString()).isGreaterThan(expiresBefore);
			assertThat(setCookie(response, "hybrid_session_jwt")).isPresent();
		}
		assertThat(this.http.post("/auth/refresh", null, "", "Cookie", "hybrid_session=" + token).statusCode())
			.as("cookie refresh without CSRF token")
			.isEqualTo(403);
	}

	@Test
	void refreshOfARevokedSessionIs401() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + token);

		HttpResponse<String> response = this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		assertThat(this.http.postJson("/auth/refresh", "{}").statusCode()).as("no credential").isEqualTo(401);
	}

	@Test
	void refreshCarriesTheUsersCurrentRoles() {
		String token = this.http.login("carol", "carol-password").get("session_token").asString();
		this.users.updateUser(carol("ROLE_USER", "ROLE_ADMIN"));

		String jwt = json(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token))
			.get("session_jwt")
			.asString();

		JsonNode claims = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(JwtForge.decode(JwtForge.parts(jwt)[1]));
		assertThat(claims.get("roles").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("ROLE_USER",
				"ROLE_ADMIN");
		assertThat(this.http.get("/api/admin", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshOfADisabledUserRevokesEverySession() {
		String first = this.http.login("carol", "carol-password").get("session_token").asString();
		String second = this.http.login("carol", "carol-password").get("session_token").asString();
		this.users.updateUser(User.withUserDetails(carol("ROLE_USER")).disabled(true).build());

		assertThat(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + first).statusCode())
			.isEqualTo(401);
		this.users.updateUser(carol("ROLE_USER"));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + second).statusCode()).isEqualTo(401);
		assertThat(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + second).statusCode())
			.isEqualTo(401);
	}

	@Test
	void refreshOfADeletedUserIs401() {
		this.users.createUser(
				User.withUsername("dave").password(this.passwordEncoder.encode("dave-password")).roles("USER").build());
		String token = this.http.login("dave", "dave-password").get("session_token").asString();
		this.users.deleteUser("dave");

		assertThat(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(401);
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
	}

	@Test
	void expiredJwtRefreshesWithinTheGracePeriodOnly() {
		String jwt = this.http.login("alice", "alice-password").get("session_jwt").asString();

		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(401);
		HttpResponse<String> refreshed = this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + jwt);
		assertThat(refreshed.statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(11));
		assertThat(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + jwt).statusCode())
			.as("expired longer ago than the grace period")
			.isEqualTo(401);
		String fresh = json(refreshed).get("session_jwt").asString();
		assertThat(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + fresh).statusCode())
			.as("expired, but within the grace period")
			.isEqualTo(200);
	}

	@Test
	void expiredJwtOfARevokedSessionDoesNotRefresh() {
		JsonNode login = this.http.login("alice", "alice-password");
		this.http.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());

		assertThat(this.http
			.post("/auth/refresh", null, "", "Authorization", "Bearer " + login.get("session_jwt").asString())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void manyConcurrentRefreshesOfOneSessionAllSucceed() throws Exception {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Integer>> refreshes = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				refreshes.add(() -> new HttpClientSupport(this.port)
					.post("/auth/refresh", null, "", "Authorization", "Bearer " + token)
					.statusCode());
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> status : pool.invokeAll(refreshes)) {
				statuses.add(status.get());
			}
			assertThat(statuses).hasSize(40).containsOnly(200);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void browserGetsAFreshJwtCookieTransparentlyWhenItsJwtHasExpired() {
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");
		String sessionCookie = cookiePair(login, "hybrid_session");
		String jwtCookie = cookiePair(login, "hybrid_session_jwt");

		RequestStatements.reset();
		HttpResponse<String> fast = this.http.get("/api/hello", "Cookie", sessionCookie + "; " + jwtCookie);
		assertThat(fast.statusCode()).isEqualTo(200);
		assertThat(setCookie(fast, "hybrid_session_jwt")).isEmpty();
		assertThat(RequestStatements.count()).as("the JWT cookie: no database statement").isZero();

		this.clock.advance(Duration.ofMinutes(6));
		HttpResponse<String> afterExpiry = this.http.get("/api/hello", "Cookie", sessionCookie + "; " + jwtCookie);
		assertThat(afterExpiry.statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).as("the transparent refresh: one read and one write of the session")
			.isEqualTo(2);
		String renewed = cookiePair(afterExpiry, "hybrid_session_jwt");
		assertThat(renewed).isNotEqualTo(jwtCookie);

		HttpResponse<String> missing = this.http.get("/api/hello", "Cookie", sessionCookie);
		assertThat(missing.statusCode()).isEqualTo(200);
		assertThat(setCookie(missing, "hybrid_session_jwt")).isPresent();

		assertThat(json(this.http.get("/auth/session", "Cookie", renewed)).get("authenticated_via").asString())
			.isEqualTo("jwt");
	}

	@Test
	void expiredJwtCookieWithoutASessionCookieIs401AndCleared() {
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");
		String jwtCookie = cookiePair(login, "hybrid_session_jwt");
		this.clock.advance(Duration.ofMinutes(6));

		HttpResponse<String> response = this.http.get("/api/hello", "Cookie", jwtCookie);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(setCookie(response, "hybrid_session_jwt"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).contains("Max-Age=0"));
	}

	@Test
	void browserRefreshStopsWhenTheSessionIsRevoked() {
		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");
		String sessionCookie = cookiePair(login, "hybrid_session");
		String jwtCookie = cookiePair(login, "hybrid_session_jwt");
		this.http.post("/auth/logout", null, "", "Authorization",
				"Bearer " + json(login).get("session_token").asString());
		this.clock.advance(Duration.ofMinutes(6));

		assertThat(this.http.get("/api/hello", "Cookie", sessionCookie + "; " + jwtCookie).statusCode()).isEqualTo(401);
	}

	private UserDetails carol(String... roles) {
		return User.withUsername("carol")
			.password(this.passwordEncoder.encode("carol-password"))
			.authorities(roles)
			.build();
	}

	private static String cookiePair(HttpResponse<String> response, String name) {
		String cookie = setCookie(response, name).orElseThrow();
		return cookie.substring(0, cookie.indexOf(';'));
	}

}
