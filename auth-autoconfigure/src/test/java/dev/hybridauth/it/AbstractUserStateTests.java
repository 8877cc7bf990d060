package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.web.HybridAuthenticationSuccessHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static dev.hybridauth.it.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The user's current state on the live paths: a user disabled, deleted or with fewer
 * roles in the application's own user store (here the {@link InMemoryUserDetailsManager}
 * of the test application, changed directly, never through the session service) loses the
 * session-token paths and the sensitive routes at the next touch, and no sooner;
 * federated (OAuth2) logins get user ids that never meet a local user's. Runs once per
 * database.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractUserStateTests {

	private static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

	/** The user id of an OAuth2 login through GitHub whose subject is "alice". */
	private static final String FEDERATED_ALICE = "oauth2:github:alice";

	/** Less than the touch interval (60 s by default). */
	private static final Duration BEFORE_THE_TOUCH = Duration.ofSeconds(30);

	/** With {@link #BEFORE_THE_TOUCH}, past the touch interval since the login. */
	private static final Duration PAST_THE_TOUCH = Duration.ofSeconds(31);

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	RevocationView revocations;

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
	HybridAuthenticationSuccessHandler successHandler;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		SensitiveRouteTests.forgetRevocationsOfEarlierTests(this.clock, this.revocations, this.dataSource);
		this.http = new HttpClientSupport(this.port);
		for (String name : List.of("grace", "heidi", FEDERATED_ALICE)) {
			if (this.users.userExists(name)) {
				this.users.deleteUser(name);
			}
			this.sessions.revokeAll(name, RevocationReason.APPLICATION);
		}
		this.users.createUser(User.withUsername("grace")
			.password(this.passwordEncoder.encode("grace-password"))
			.roles("USER")
			.build());
		this.users.createUser(User.withUsername("heidi")
			.password(this.passwordEncoder.encode("heidi-password"))
			.roles("USER", "ADMIN")
			.build());
	}

	@Test
	void disabledUsersSessionTokenWorksUntilTheTouchIsDueThenEverySessionIsRevoked() {
		String token = this.http.login("grace", "grace-password").get("session_token").asString();
		String other = this.http.login("grace", "grace-password").get("session_token").asString();
		assertThat(hello(token).statusCode()).isEqualTo(200);
		long revokedBefore = userDisabledRevocations("grace");

		disable("grace");
		this.clock.advance(BEFORE_THE_TOUCH);
		assertThat(hello(token).statusCode()).as("the touch is not due: the user is not reloaded").isEqualTo(200);
		assertThat(userDisabledRevocations("grace")).isEqualTo(revokedBefore);

		this.clock.advance(PAST_THE_TOUCH);
		assertRefused(hello(token));
		assertThat(userDisabledRevocations("grace")).as("both sessions").isEqualTo(revokedBefore + 2);
		assertThat(this.sessions.findLiveSessions("grace")).isEmpty();
		enable("grace");
		assertRefused(hello(other));
		assertRefused(this.http.post("/auth/refresh", null, "", "Authorization", "Bearer " + other));
	}

	@Test
	void deletedUsersSessionTokenWorksUntilTheTouchIsDueThenIsRefused() {
		String token = this.http.login("grace", "grace-password").get("session_token").asString();
		long revokedBefore = userDisabledRevocations("grace");

		this.users.deleteUser("grace");
		this.clock.advance(BEFORE_THE_TOUCH);
		assertThat(hello(token).statusCode()).as("the touch is not due").isEqualTo(200);

		this.clock.advance(PAST_THE_TOUCH);
		assertRefused(hello(token));
		assertThat(userDisabledRevocations("grace")).isEqualTo(revokedBefore + 1);
		assertThat(this.sessions.findLiveSessions("grace")).isEmpty();
	}

	/**
	 * The session cookie alone refreshes, and a refresh reloads the user, but refreshes
	 * within {@code hybrid-auth.refresh.reuse-window} (10 s here) hand out the JWT of the
	 * first: the disabled user is refused once the window has passed.
	 */
	@Test
	void disabledUsersSessionCookieIsRefusedOnceTheRefreshReuseWindowHasPassed() {
		String token = this.http.login("grace", "grace-password").get("session_token").asString();
		assertThat(this.http.get("/api/hello", "Cookie", "hybrid_session=" + token).statusCode()).isEqualTo(200);

		disable("grace");

		this.clock.advance(Duration.ofSeconds(10));
		assertRefused(this.http.get("/api/hello", "Cookie", "hybrid_session=" + token));
		assertThat(this.sessions.findLiveSessions("grace")).isEmpty();
	}

	@Test
	void disabledUserLosesSensitiveRoutesReachedWithAJwtAtTheNextTouch() {
		String jwt = this.http.login("grace", "grace-password").get("session_jwt").asString();

		disable("grace");
		this.clock.advance(BEFORE_THE_TOUCH);
		assertThat(sensitive(jwt).statusCode()).as("the touch is not due").isEqualTo(200);

		this.clock.advance(PAST_THE_TOUCH);
		assertRefused(sensitive(jwt));
		assertThat(this.sessions.findLiveSessions("grace")).isEmpty();
	}

	@Test
	void roleRemovedInTheUserStoreReachesSessionTokensAtTheNextTouchAndIsRecordedOnEverySession() {
		String token = this.http.login("heidi", "heidi-password").get("session_token").asString();
		String otherJwt = this.http.login("heidi", "heidi-password").get("session_jwt").asString();
		assertThat(admin(token).statusCode()).isEqualTo(200);

		this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername("heidi")).roles("USER").build());
		this.clock.advance(BEFORE_THE_TOUCH);
		assertThat(admin(token).statusCode()).as("the touch is not due").isEqualTo(200);
		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + otherJwt).statusCode())
			.as("the other session still records ROLE_ADMIN")
			.isEqualTo(200);

		this.clock.advance(PAST_THE_TOUCH);
		HttpResponse<String> denied = admin(token);
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"insufficient_scope\""));
		assertThat(hello(token).statusCode()).as("the session lives on").isEqualTo(200);
		assertThat(
				json(this.http.get("/auth/session", "Authorization", "Bearer " + token)).get("authorities").toString())
			.isEqualTo("[\"ROLE_USER\"]");
		assertThat(this.sessions.findLiveSessions("heidi"))
			.allSatisfy((session) -> assertThat(session.authorities()).containsExactly("ROLE_USER"))
			.hasSize(2);
		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + otherJwt).statusCode())
			.as("the other session's JWT, older than the change, is refused by the revocation view")
			.isEqualTo(401);
		assertThat(roles(refreshedJwt(token))).containsExactly("ROLE_USER");
	}

	@Test
	void roleRemovedInTheUserStoreReachesSensitiveRoutesReachedWithAJwtAtTheNextTouch() {
		String jwt = this.http.login("heidi", "heidi-password").get("session_jwt").asString();
		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);

		this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername("heidi")).roles("USER").build());
		this.clock.advance(BEFORE_THE_TOUCH);
		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode())
			.as("the touch is not due")
			.isEqualTo(200);

		this.clock.advance(PAST_THE_TOUCH);
		assertThat(this.http.get("/api/admin/sensitive", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(403);
		assertThat(this.http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + jwt).statusCode())
			.as("the JWT is older than the change that the reload found: the revocation view refuses it")
			.isEqualTo(401);
	}

	@Test
	void theReloadCostsNoStatementBetweenTouchesAndOneWriteMoreWhenItFindsAChange() {
		String token = this.http.login("heidi", "heidi-password").get("session_token").asString();

		RequestStatements.reset();
		assertThat(admin(token).statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).as("between touches: one read").isEqualTo(1);

		this.clock.advance(BEFORE_THE_TOUCH.plus(PAST_THE_TOUCH));
		RequestStatements.reset();
		assertThat(admin(token).statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).as("the touch, the user unchanged: a read and the touch").isEqualTo(2);

		this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername("heidi")).roles("USER").build());
		this.clock.advance(BEFORE_THE_TOUCH.plus(PAST_THE_TOUCH));
		RequestStatements.reset();
		assertThat(admin(token).statusCode()).isEqualTo(403);
		assertThat(RequestStatements.count())
			.as("the touch, the roles changed: a read, the new roles, their revocation log row and the touch")
			.isEqualTo(4);
	}

	@Test
	void anOAuth2LoginWhoseSubjectIsALocalUsernameGetsItsOwnUserId() throws Exception {
		String alicesSession = this.http.login("alice", "alice-password").get("session").get("session_id").asString();

		String token = oauth2Login("github", "alice", "OAUTH2_USER", "SCOPE_read:user");

		JsonNode session = json(this.http.get("/auth/session", "Authorization", "Bearer " + token));
		assertThat(session.get("user_id").asString()).isEqualTo(FEDERATED_ALICE);
		assertThat(session.get("authorities").toString()).isEqualTo("[\"OAUTH2_USER\",\"SCOPE_read:user\"]");
		JsonNode devices = json(this.http.get("/auth/sessions", "Authorization", "Bearer " + token)).get("sessions");
		assertThat(devices.valueStream().map((device) -> device.get("session_id").asString()))
			.containsExactly(session.get("session_id").asString())
			.doesNotContain(alicesSession);
		assertThat(this.http.delete("/auth/sessions/" + alicesSession, "Authorization", "Bearer " + token).statusCode())
			.as("alice's session is another user's")
			.isEqualTo(404);

		String refreshed = refreshedJwt(token);
		assertThat(roles(refreshed)).as("not alice's ROLE_USER").containsExactly("OAUTH2_USER", "SCOPE_read:user");
		assertThat(claims(refreshed).get("sub").asString()).isEqualTo(FEDERATED_ALICE);

		this.clock.advance(BEFORE_THE_TOUCH.plus(PAST_THE_TOUCH));
		assertThat(hello(token).statusCode()).as("at the touch, not looked up as a local user").isEqualTo(200);
		assertThat(this.sessions.findLiveSessions(FEDERATED_ALICE)).hasSize(1);
		assertThat(this.sessions.findLiveSessions("alice")).extracting(HybridSession::sessionId)
			.contains(alicesSession);
	}

	@Test
	void aLocalUserNamedLikeAFederatedIdCannotStartASession() throws Exception {
		oauth2Login("github", "alice", "OAUTH2_USER");
		this.users.createUser(User.withUsername(FEDERATED_ALICE)
			.password(this.passwordEncoder.encode("impostor-password"))
			.roles("USER")
			.build());
		HttpResponse<String> wrongPassword = this.http.postJson("/auth/login",
				"{\"username\":\"" + FEDERATED_ALICE + "\",\"password\":\"nope\"}");

		HttpResponse<String> login = this.http.postJson("/auth/login",
				"{\"username\":\"" + FEDERATED_ALICE + "\",\"password\":\"impostor-password\"}");

		assertThat(login.statusCode()).isEqualTo(401);
		assertThat(login.body()).isEqualTo(wrongPassword.body());
		assertThat(this.sessions.findLiveSessions(FEDERATED_ALICE)).as("only the OAuth2 login's").hasSize(1);
		MockHttpServletResponse formLogin = new MockHttpServletResponse();
		assertThatExceptionOfType(AuthenticationException.class)
			.as("a form login through the success handler fails as a login")
			.isThrownBy(() -> this.successHandler.onAuthenticationSuccess(new MockHttpServletRequest(), formLogin,
					UsernamePasswordAuthenticationToken.authenticated(FEDERATED_ALICE, null,
							AuthorityUtils.createAuthorityList("ROLE_USER"))));
		assertThat(formLogin.getCookies()).isEmpty();
	}

	/**
	 * Ends an OAuth2 login in a session through the success handler, as
	 * {@code oauth2Login().successHandler(...)} does.
	 * @return the session token of the cookie the handler set
	 */
	private String oauth2Login(String registrationId, String subject, String... authorities) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.successHandler.onAuthenticationSuccess(new MockHttpServletRequest(), response,
				new OAuth2LoginToken(registrationId, subject, authorities));
		return response.getCookie("hybrid_session").getValue();
	}

	private String refreshedJwt(String sessionToken) {
		HttpResponse<String> refresh = this.http.post("/auth/refresh", null, "", "Authorization",
				"Bearer " + sessionToken);
		assertThat(refresh.statusCode()).as("refresh").isEqualTo(200);
		return json(refresh).get("session_jwt").asString();
	}

	private HttpResponse<String> hello(String bearer) {
		return this.http.get("/api/hello", "Authorization", "Bearer " + bearer);
	}

	private HttpResponse<String> admin(String bearer) {
		return this.http.get("/api/admin", "Authorization", "Bearer " + bearer);
	}

	private HttpResponse<String> sensitive(String bearer) {
		return this.http.postJson("/api/sensitive", "{}", "Authorization", "Bearer " + bearer);
	}

	private void disable(String username) {
		this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername(username)).disabled(true).build());
	}

	private void enable(String username) {
		this.users.updateUser(User.withUserDetails(this.users.loadUserByUsername(username)).disabled(false).build());
	}

	private long userDisabledRevocations(String userId) {
		return this.events.of(HybridSessionRevokedEvent.class)
			.stream()
			.filter((event) -> event.userId().equals(userId) && event.reason() == RevocationReason.USER_DISABLED)
			.count();
	}

	private static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith(INVALID_TOKEN_CHALLENGE));
	}

	private static JsonNode claims(String jwt) {
		return JsonMapper.builder().build().readTree(JwtForge.decode(JwtForge.parts(jwt)[1]));
	}

	private static List<String> roles(String jwt) {
		return claims(jwt).get("roles").valueStream().map(JsonNode::asString).toList();
	}

}
