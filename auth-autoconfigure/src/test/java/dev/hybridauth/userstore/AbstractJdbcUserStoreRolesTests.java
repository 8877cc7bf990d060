package dev.hybridauth.userstore;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.hybridauth.it.HttpClientSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.JdbcUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of {@link JdbcUserStoreApplication} share: starting a node, an admin of
 * their own in the application's user store, the role removed the way the application
 * removes it ({@link JdbcUserDetailsManager#updateUser}, never the session service), and
 * waiting, on real time, for a route to stop answering {@code 200}.
 */
abstract class AbstractJdbcUserStoreRolesTests {

	/** {@code hybrid-auth.session.touch-interval} of {@link JdbcUserStoreApplication}. */
	static final Duration TOUCH_INTERVAL = Duration.ofSeconds(1);

	/**
	 * The contract's bound on the revocation feed:
	 * {@code hybrid-auth.revocation.max-delay}.
	 */
	static final Duration MAX_DELAY = Duration.ofSeconds(2);

	/**
	 * What a bound measured on real time allows for the requests themselves: the poll
	 * interval below and one request on a busy machine.
	 */
	static final Duration REQUEST_SLACK = Duration.ofMillis(500);

	private static final Duration POLL = Duration.ofMillis(20);

	private static final JsonMapper json = JsonMapper.builder().build();

	static ConfigurableApplicationContext start(String... extraProperties) {
		List<String> properties = new ArrayList<>(List.of("server.port=0"));
		properties.addAll(JdbcUserStoreApplication.PROPERTIES);
		properties.addAll(List.of(extraProperties));
		return new SpringApplicationBuilder(JdbcUserStoreApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	static HttpClientSupport client(ConfigurableApplicationContext node) {
		return new HttpClientSupport(((WebServerApplicationContext) node).getWebServer().getPort());
	}

	/**
	 * Creates a user with {@code ROLE_USER} and {@code ROLE_ADMIN} in the application's
	 * user store.
	 * @param node a node of the application
	 * @return the username; the password is {@code username + "-password"}
	 */
	static String createAdmin(ConfigurableApplicationContext node) {
		String username = "roles-" + UUID.randomUUID().toString().substring(0, 8);
		node.getBean(JdbcUserDetailsManager.class)
			.createUser(User.withUsername(username)
				.password("{noop}" + username + "-password")
				.roles("USER", "ADMIN")
				.build());
		return username;
	}

	/**
	 * Removes {@code ROLE_ADMIN} as the application does: in its own user store, not
	 * through the session service.
	 * @param node a node of the application
	 * @param username the user
	 */
	static void removeAdmin(ConfigurableApplicationContext node, String username) {
		JdbcUserDetailsManager users = node.getBean(JdbcUserDetailsManager.class);
		users.updateUser(User.withUserDetails(users.loadUserByUsername(username)).roles("USER").build());
	}

	/**
	 * @param node a node of the application
	 * @param username the user
	 * @return how many role changes of the user the revocation log holds
	 */
	static int roleChangesLogged(ConfigurableApplicationContext node, String username) {
		return new JdbcTemplate(node.getBean(DataSource.class)).queryForObject(
				"select count(*) from hybrid_auth_revocation where kind = 'USER' and user_id = ?", Integer.class,
				username);
	}

	/**
	 * Sends a request again and again until it is answered something else than
	 * {@code 200}.
	 * @param request sends the request
	 * @param timeout how long to try
	 * @return the first other answer (or the last {@code 200} at the timeout), and when
	 */
	static Change awaitNot200(Supplier<HttpResponse<String>> request, Duration timeout) {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		HttpResponse<String> response = request.get();
		while (response.statusCode() == 200 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			response = request.get();
		}
		return new Change(response, System.nanoTime());
	}

	static List<String> roles(String jwt) {
		JsonNode claims = json
			.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
		return claims.get("roles").valueStream().map(JsonNode::asString).toList();
	}

	static List<String> authorities(HttpResponse<String> me) {
		assertThat(me.statusCode()).as("/api/me").isEqualTo(200);
		return HttpClientSupport.json(me).get("authorities").valueStream().map(JsonNode::asString).toList();
	}

	static void assertForbidden(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what).isEqualTo(403);
		assertThat(response.body()).as(what).contains("\"status\":403").doesNotContain("Exception");
	}

	static void assertRevoked(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
			.hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\"").contains("revoked"));
	}

	static Duration between(long startNanos, long endNanos) {
		return Duration.ofNanos(endNanos - startNanos);
	}

	/**
	 * The first answer that was not {@code 200}, and when it came.
	 *
	 * @param response the answer
	 * @param atNanos when it came, on {@link System#nanoTime()}
	 */
	record Change(HttpResponse<String> response, long atNanos) {

	}

}
