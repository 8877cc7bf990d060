package dev.hybridauth.config;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.hybridauth.it.CountingPasswordEncoder;
import dev.hybridauth.it.HttpClientSupport;
import dev.hybridauth.it.MutableClock;
import dev.hybridauth.it.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code formLogin()} of an application's own chain with the DSL checks passwords
 * like the login endpoint: a throttled attempt answers {@code 429} before its hash (not
 * the form's redirect), its failures count with the endpoint's, and a user-store outage
 * answers {@code 503}. The form's own failure handler still answers a wrong password.
 */
@SpringBootTest(classes = OwnFilterChainApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FormLoginThrottleTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	CountingPasswordEncoder passwordEncoder;

	@Autowired
	TestUsers users;

	HttpClientSupport http;

	HttpClientSupport.Csrf csrf;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
		this.csrf = this.http.csrf();
		// past every limit of an earlier test in this context
		this.clock.advance(Duration.ofHours(1));
	}

	@AfterEach
	void tearDown() {
		this.users.recover();
		// leaves no limit behind for the other tests of this application
		this.clock.advance(Duration.ofHours(1));
	}

	@Test
	void aThrottledFormLoginAnswers429BeforeItsHashAndSharesItsFailuresWithTheLoginEndpoint() {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = formLogin("alice", "wrong-" + i);
			assertThat(wrong.statusCode()).as("failure %d: the form's failure handler", i + 1).isEqualTo(302);
			assertThat(wrong.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).contains("/login").endsWith("?error"));
		}
		long hashes = this.passwordEncoder.matches();

		HttpResponse<String> throttled = formLogin("alice", "alice-password");
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(throttled).get("detail").asString()).isEqualTo("Too many failed attempts. Try again later.");
		assertThat(setCookie(throttled, "hybrid_session")).isEmpty();
		assertThat(this.http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
			.statusCode()).as("the login endpoint, same account and address").isEqualTo(429);
		assertThat(this.passwordEncoder.matches()).as("hashes while throttled").isEqualTo(hashes);

		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> right = formLogin("alice", "alice-password");
		assertThat(right.statusCode()).isEqualTo(302);
		assertThat(right.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		assertThat(setCookie(right, "hybrid_session")).isPresent();
	}

	@Test
	void failuresAtTheLoginEndpointThrottleTheForm() {
		for (int i = 0; i < 5; i++) {
			assertThat(
					this.http.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"wrong\"}").statusCode())
				.isEqualTo(401);
		}

		assertThat(formLogin("alice", "alice-password").statusCode()).isEqualTo(429);
	}

	@Test
	void aFormLoginDuringAUserStoreOutageAnswers503NotTheFailureRedirect() {
		this.users.failWith(new DataAccessResourceFailureException("Connection refused: db.internal:5432"));

		HttpResponse<String> response = formLogin("alice", "alice-password");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception", "5432");
		this.users.recover();
		assertThat(formLogin("alice", "alice-password").statusCode()).as("once it is back").isEqualTo(302);
	}

	private HttpResponse<String> formLogin(String username, String password) {
		return this.http.post("/form-login", "application/x-www-form-urlencoded", "username=" + username + "&password="
				+ password + "&" + this.csrf.parameterName() + "=" + this.csrf.token(), "Cookie", this.csrf.cookie());
	}

}
