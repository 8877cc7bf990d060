package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.revocation.RevocationView;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application nodes on one database (three on PostgreSQL, two on H2): a revocation or a
 * role change made on one node reaches the JWT path of the others within two seconds, and
 * of the node that made it at once; a node started after it refuses at once; a JWT
 * request still costs no database statement; the view forgets what no valid JWT can
 * concern. The nodes start once for the class; each test uses its own user, so that its
 * log rows concern no other test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRevocationAcrossNodesTests {

	/** The contract's bound: {@code hybrid-auth.revocation.max-delay}. */
	static final Duration MAX_DELAY = Duration.ofSeconds(2);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final List<ConfigurableApplicationContext> startedByTest = new ArrayList<>();

	ConfigurableApplicationContext first;

	ConfigurableApplicationContext second;

	HttpClientSupport a;

	HttpClientSupport b;

	/** Every node but A: B, and C on PostgreSQL. */
	final List<HttpClientSupport> others = new ArrayList<>();

	String username;

	/**
	 * @return the JDBC URL of the database the nodes share
	 */
	abstract String jdbcUrl();

	/**
	 * @return the properties that connect a node to that database
	 */
	abstract List<String> databaseProperties();

	/**
	 * @return how many nodes the class starts
	 */
	abstract int nodeCount();

	@BeforeAll
	void startNodes() {
		MutableClock.SHARED.reset();
		for (int i = 0; i < nodeCount(); i++) {
			this.nodes.add(start());
		}
		this.first = this.nodes.get(0);
		this.second = this.nodes.get(1);
		this.a = new HttpClientSupport(port(this.first));
		this.nodes.stream().skip(1).forEach((node) -> this.others.add(new HttpClientSupport(port(node))));
		this.b = this.others.get(0);
	}

	@BeforeEach
	void createUser() {
		MutableClock.SHARED.reset();
		this.username = "feed-" + UUID.randomUUID().toString().substring(0, 8);
		this.nodes.forEach(this::createUser);
	}

	@AfterEach
	void stopNodesOfTheTest() {
		this.startedByTest.forEach(ConfigurableApplicationContext::close);
		this.startedByTest.clear();
		// the tests move the shared clock
		MutableClock.SHARED.reset();
	}

	@AfterAll
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		MutableClock.SHARED.reset();
	}

	@Test
	void logoutOnBReachesEveryOtherNodeWithinTheBoundAndBAtOnce() {
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		String other = this.a.login(this.username, "feed-password").get("session_jwt").asString();
		for (HttpClientSupport node : this.others) {
			assertThat(hello(node, jwt).statusCode()).as("the JWT from A works on every node").isEqualTo(200);
		}
		assertThat(hello(this.a, jwt).statusCode()).isEqualTo(200);

		assertThat(this.b
			.post("/auth/logout", null, "", "Authorization", "Bearer " + login.get("session_token").asString())
			.statusCode()).isEqualTo(204);
		long loggedOutAt = System.nanoTime();

		assertRevoked(hello(this.b, jwt), "B, where the logout was made, at once");
		List<HttpClientSupport> notB = new ArrayList<>(this.others);
		notB.remove(this.b);
		notB.add(this.a);
		for (HttpClientSupport node : notB) {
			Duration delay = awaitRefused(node, jwt);
			assertThat(delay).as("%s refuses within the bound: %s", node, delay).isLessThan(MAX_DELAY);
			assertRevoked(hello(node, jwt), node.toString());
			assertThat(hello(node, other).statusCode()).as("the user's other session lives on").isEqualTo(200);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - loggedOutAt)).isLessThan(MAX_DELAY.plusSeconds(1));
		assertThat(hello(this.b, other).statusCode()).as("and on B").isEqualTo(200);
	}

	@Test
	void roleChangeOnAReachesTheAdminRouteOfEveryNodeAndARefreshServesTheNewRoles() {
		JsonNode login = this.a.login(this.username, "feed-password");
		String jwt = login.get("session_jwt").asString();
		for (HttpClientSupport node : this.others) {
			assertThat(admin(node, jwt).statusCode()).as("positive control: an admin everywhere").isEqualTo(200);
		}
		// JWT times have whole seconds: the change comes in a later second than the login
		MutableClock.SHARED.advance(Duration.ofSeconds(1));

		// as an application does: its user store (which a refresh reads), then the
		// starter
		downgradeToUser();
		this.first.getBean(HybridSessionService.class).updateAuthorities(userId(jwt), List.of("ROLE_USER"));

		assertRevoked(admin(this.a, jwt), "A, where the change was made, at once");
		for (HttpClientSupport node : this.others) {
			Duration delay = awaitRefused(node, jwt, "/api/admin");
			assertThat(delay).as("%s refuses within the bound: %s", node, delay).isLessThan(MAX_DELAY);
			assertRevoked(hello(node, jwt), "every route refuses the JWT issued before the change");
		}

		HttpResponse<String> refreshed = this.b.post("/auth/refresh", null, "", "Authorization",
				"Bearer " + login.get("session_token").asString());
		assertThat(refreshed.statusCode()).as("a refresh on B").isEqualTo(200);
		String fresh = HttpClientSupport.json(refreshed).get("session_jwt").asString();
		for (HttpClientSupport node : this.others) {
			assertThat(hello(node, fresh).statusCode()).as("the fresh JWT is served").isEqualTo(200);
			assertThat(admin(node, fresh).statusCode()).as("with the roles of now: no admin").isEqualTo(403);
		}
		assertThat(claims(fresh).get("roles").toString()).contains("ROLE_USER").doesNotContain("ROLE_ADMIN");
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

		downgradeToUser();
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

		ConfigurableApplicationContext late = start();
		this.startedByTest.add(late);
		createUser(late);
		HttpClientSupport c = new HttpClientSupport(port(late));

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
		assertThat(meters.get("hybrid_auth.revocation.silent").gauge().value()).as("not silent").isZero();
	}

	Duration awaitRefused(HttpClientSupport node, String jwt) {
		return awaitRefused(node, jwt, "/api/hello");
	}

	Duration awaitRefused(HttpClientSupport node, String jwt, String path) {
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

	static void assertRevoked(HttpResponse<String> response, String where) {
		assertThat(response.statusCode()).as(where).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(where)
			.hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\"").contains("revoked"));
		assertThat(response.body()).as(where)
			.contains("\"status\":401")
			.doesNotContain("Exception")
			.doesNotContain("select");
	}

	static HttpResponse<String> hello(HttpClientSupport node, String credential) {
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

	static JsonNode claims(String jwt) {
		return tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(JwtForge.decode(JwtForge.parts(jwt)[1]));
	}

	/**
	 * Starts a node on the shared database.
	 * @param extraProperties properties of this node
	 * @return the node
	 */
	ConfigurableApplicationContext start(String... extraProperties) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "test.shared-clock=true",
				"spring.datasource.url=" + jdbcUrl(), "hybrid-auth.session.initialize-schema=always"));
		properties.addAll(databaseProperties());
		properties.addAll(List.of(extraProperties));
		return new SpringApplicationBuilder(TestApplication.class).properties(properties.toArray(String[]::new)).run();
	}

	/**
	 * Starts a node for the running test only, that knows the test's user.
	 * @param extraProperties properties of this node
	 * @return the node's client
	 */
	HttpClientSupport startForTest(String... extraProperties) {
		ConfigurableApplicationContext node = start(extraProperties);
		this.startedByTest.add(node);
		createUser(node);
		return new HttpClientSupport(port(node));
	}

	/**
	 * @return the nodes of the class and those the running test started
	 */
	List<ConfigurableApplicationContext> allNodes() {
		List<ConfigurableApplicationContext> all = new ArrayList<>(this.nodes);
		all.addAll(this.startedByTest);
		return all;
	}

	void createUser(ConfigurableApplicationContext node) {
		node.getBean(TestUsers.class)
			.createUser(User.withUsername(this.username)
				.password(node.getBean(CountingPasswordEncoder.class).encode("feed-password"))
				.roles("USER", "ADMIN")
				.build());
	}

	private void downgradeToUser() {
		for (ConfigurableApplicationContext node : allNodes()) {
			TestUsers users = node.getBean(TestUsers.class);
			users.updateUser(User.withUserDetails(users.loadUserByUsername(this.username)).roles("USER").build());
		}
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
