package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.revocation.RevocationView;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one database: a revocation or a role change made on one node
 * reaches the JWT path of the other within two seconds (the poll of the revocation log),
 * and of the node that made it at once; a node started after it refuses at once; a JWT
 * request still costs no database statement; the view forgets what no valid JWT can
 * concern. Each test uses its own user, so that its log rows concern no other test.
 */
abstract class AbstractRevocationAcrossNodesTests {

	/** The contract's bound: {@code hybrid-auth.revocation.max-delay}. */
	private static final Duration MAX_DELAY = Duration.ofSeconds(2);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private HttpClientSupport a;

	private HttpClientSupport b;

	private String username;

	/**
	 * @return the JDBC URL of the database the nodes share
	 */
	abstract String jdbcUrl();

	/**
	 * @return the properties that connect a node to that database
	 */
	abstract List<String> databaseProperties();

	@BeforeEach
	void startTwoNodes() {
		MutableClock.SHARED.reset();
		this.username = "feed-" + UUID.randomUUID().toString().substring(0, 8);
		this.first = start();
		this.second = start();
		this.a = new HttpClientSupport(port(this.first));
		this.b = new HttpClientSupport(port(this.second));
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		// other tests start nodes on the shared clock before they reset it
		MutableClock.SHARED.reset();
	}

	@Test
	void logoutOnBReachesAWithinTheBoundAndBAtOnce() {
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		String other = this.a.login(this.username, "feed-password").get("session_jwt").asString();
		assertThat(hello(this.b, jwt).statusCode()).as("the JWT from A works on B").isEqualTo(200);
		assertThat(hello(this.a, jwt).statusCode()).isEqualTo(200);

		assertThat(this.b
			.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString())
			.statusCode()).isEqualTo(204);
		long loggedOutAt = System.nanoTime();

		assertRevoked(hello(this.b, jwt), "B, where the logout was made, at once");
		Duration delay = awaitRefused(this.a, jwt);
		assertThat(delay).as("A refuses within the bound: %s", delay).isLessThan(MAX_DELAY);
		assertRevoked(hello(this.a, jwt), "A");
		assertThat(Duration.ofNanos(System.nanoTime() - loggedOutAt)).isLessThan(MAX_DELAY.plusSeconds(1));
		assertThat(hello(this.a, other).statusCode()).as("the user's other session lives on, on A").isEqualTo(200);
		assertThat(hello(this.b, other).statusCode()).as("and on B").isEqualTo(200);
	}

	@Test
	void roleChangeOnAReachesBsAdminRouteWithinTheBound() {
		String jwt = this.a.login(this.username, "feed-password").get("session_jwt").asString();
		assertThat(admin(this.b, jwt).statusCode()).as("positive control: an admin on B").isEqualTo(200);
		// JWT times have whole seconds: the change comes in a later second than the login
		MutableClock.SHARED.advance(Duration.ofSeconds(1));

		this.first.getBean(HybridSessionService.class).updateAuthorities(userId(jwt), List.of("ROLE_USER"));

		assertRevoked(admin(this.a, jwt), "A, where the change was made, at once");
		Duration delay = awaitRefused(this.b, jwt, "/api/admin");
		assertThat(delay).as("B refuses within the bound: %s", delay).isLessThan(MAX_DELAY);
		assertRevoked(hello(this.b, jwt), "every route of B refuses the JWT issued before the change");
	}

	@Test
	void aBrowserWhoseJwtCookieIsRefusedIsRefreshedOnTheWayWithItsNewRoles() throws InterruptedException {
		JsonNode login = this.a.login(this.username, "feed-password");
		String cookies = "hybrid_session_jwt=" + login.get("session_jwt").asString() + "; hybrid_session="
				+ login.get("session_token").asString();
		HttpResponse<String> before = this.b.get("/api/admin", "Cookie", cookies);
		assertThat(before.statusCode()).as("positive control: the JWT cookie is an admin's").isEqualTo(200);
		assertThat(HttpClientSupport.setCookie(before, "hybrid_session_jwt")).as("no refresh needed").isEmpty();
		MutableClock.SHARED.advance(Duration.ofSeconds(1));

		// as an application does: its user store (which a refresh reads), then the
		// starter
		for (ConfigurableApplicationContext node : this.nodes) {
			TestUsers users = node.getBean(TestUsers.class);
			users.updateUser(User.withUserDetails(users.loadUserByUsername(this.username)).roles("USER").build());
		}
		this.first.getBean(HybridSessionService.class)
			.updateAuthorities(userId(login.get("session_jwt").asString()), List.of("ROLE_USER"));
		long deadline = System.nanoTime() + MAX_DELAY.toNanos();
		HttpResponse<String> after = this.b.get("/api/admin", "Cookie", cookies);
		while (after.statusCode() == 200 && System.nanoTime() < deadline) {
			Thread.sleep(20);
			after = this.b.get("/api/admin", "Cookie", cookies);
		}

		assertThat(after.statusCode()).as("refreshed on the way, with the roles of now").isEqualTo(403);
		assertThat(HttpClientSupport.setCookie(after, "hybrid_session_jwt")).as("a fresh JWT cookie")
			.hasValueSatisfying((cookie) -> assertThat(cookie).doesNotContain(login.get("session_jwt").asString()));
	}

	@Test
	void aNodeStartedAfterARevocationRefusesAtOnce() {
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		String other = this.a.login(this.username, "feed-password").get("session_jwt").asString();
		assertThat(this.a
			.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString())
			.statusCode()).isEqualTo(204);

		HttpClientSupport c = new HttpClientSupport(port(start()));

		assertRevoked(hello(c, jwt), "the node started after the logout, at its first request");
		assertThat(hello(c, other).statusCode()).as("positive control: another session of the user").isEqualTo(200);
	}

	@Test
	void aJwtRequestCostsNoStatementWithTheViewInUse() {
		JsonNode login = this.a.login(this.username, "feed-password");
		String revokedJwt = login.get("session_jwt").asString();
		String jwt = this.a.login(this.username, "feed-password").get("session_jwt").asString();
		String token = this.a.login(this.username, "feed-password").get("session_token").asString();
		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		awaitRefused(this.b, revokedJwt);
		assertThat(this.second.getBean(RevocationView.class).size()).as("the view on B is in use").isPositive();

		RequestStatements.reset();
		assertThat(hello(this.b, jwt).statusCode()).isEqualTo(200);
		assertRevoked(hello(this.b, revokedJwt), "the revoked one");
		assertThat(RequestStatements.count()).as("two JWT requests, one refused by the view").isZero();

		RequestStatements.reset();
		assertThat(hello(this.b, token).statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).as("positive control: a session token is read live").isEqualTo(1);
	}

	@Test
	void theViewForgetsARevocationOnceNoJwtItConcernsCanBeValid() throws InterruptedException {
		RevocationView view = this.second.getBean(RevocationView.class);
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		awaitRefused(this.b, jwt);
		int withTheRevocation = view.size();

		// the JWT lifetime (5 minutes) and the clock skew (30 seconds) of the test
		// properties, and a second more
		MutableClock.SHARED.advance(Duration.ofMinutes(5).plusSeconds(31));
		long deadline = System.nanoTime() + MAX_DELAY.toNanos();
		while (view.size() >= withTheRevocation && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}

		assertThat(view.size()).as("the poll removed the expired entry").isLessThan(withTheRevocation);
		assertThat(view.isRevoked(sessionId(jwt), userId(jwt), MutableClock.SHARED.instant())).isFalse();
	}

	@Test
	void theFeedReportsItsPollsTheViewSizeAndItsLag() throws InterruptedException {
		MeterRegistry meters = this.second.getBean(MeterRegistry.class);
		double polls = meters.counter("hybrid_auth.revocation.polls", "outcome", "success").count();
		JsonNode login = this.a.login(this.username, "feed-password");
		this.a.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString());
		awaitRefused(this.b, login.get("session_jwt").asString());
		Thread.sleep(1500);

		assertThat(meters.counter("hybrid_auth.revocation.polls", "outcome", "success").count()).as("B polled since")
			.isGreaterThan(polls);
		assertThat(meters.counter("hybrid_auth.revocation.polls", "outcome", "failure").count()).isZero();
		assertThat(meters.get("hybrid_auth.revocation.view.size").gauge().value())
			.isEqualTo(this.second.getBean(RevocationView.class).size())
			.isPositive();
		assertThat(meters.get("hybrid_auth.revocation.lag").gauge().value()).as("seconds since the last poll")
			.isBetween(0.0, 1.5);
	}

	private Duration awaitRefused(HttpClientSupport node, String jwt) {
		return awaitRefused(node, jwt, "/api/hello");
	}

	private Duration awaitRefused(HttpClientSupport node, String jwt, String path) {
		long start = System.nanoTime();
		long deadline = start + MAX_DELAY.multipliedBy(3).toNanos();
		while (System.nanoTime() < deadline) {
			if (node.get(path, "Authorization", "Bearer " + jwt).statusCode() == 401) {
				return Duration.ofNanos(System.nanoTime() - start);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void assertRevoked(HttpResponse<String> response, String where) {
		assertThat(response.statusCode()).as(where).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(where)
			.hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\"").contains("revoked"));
		assertThat(response.body()).as(where)
			.contains("\"status\":401")
			.doesNotContain("Exception")
			.doesNotContain("select");
	}

	private static HttpResponse<String> hello(HttpClientSupport node, String credential) {
		return node.get("/api/hello", "Authorization", "Bearer " + credential);
	}

	private static HttpResponse<String> admin(HttpClientSupport node, String jwt) {
		return node.get("/api/admin", "Authorization", "Bearer " + jwt);
	}

	private static String userId(String jwt) {
		return claims(jwt).get("sub").asString();
	}

	private static String sessionId(String jwt) {
		return claims(jwt).get("sid").asString();
	}

	private static JsonNode claims(String jwt) {
		return tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(JwtForge.decode(JwtForge.parts(jwt)[1]));
	}

	private ConfigurableApplicationContext start() {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "test.shared-clock=true",
				"spring.datasource.url=" + jdbcUrl(), "hybrid-auth.session.initialize-schema=always"));
		properties.addAll(databaseProperties());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		this.nodes.add(context);
		context.getBean(TestUsers.class)
			.createUser(User.withUsername(this.username)
				.password(context.getBean(CountingPasswordEncoder.class).encode("feed-password"))
				.roles("USER", "ADMIN")
				.build());
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
