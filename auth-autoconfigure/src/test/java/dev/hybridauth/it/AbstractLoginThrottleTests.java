package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.hybridauth.LoginLimit;
import dev.hybridauth.event.HybridLoginThrottledEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling of password checks over HTTP (SECURITY.md item 29, CONTRACT.md
 * "Throttling"), with the default limits: a pair (account, address) past its failures
 * answers {@code 429} with {@code Retry-After} even with the right password and computes
 * no hash, while another address still logs in; the account and address limits trip; the
 * back-off doubles; re-authentication is throttled too; a full set of concurrent checks
 * answers {@code 503}; a user-store outage answers {@code 503}, never {@code 401}, and is
 * not counted. Runs once per store.
 * <p>
 * Client addresses: the test server runs with
 * {@code server.forward-headers-strategy=native} (Tomcat's {@code RemoteIpValve}, which
 * trusts {@code X-Forwarded-For} from loopback proxies), so a request with
 * {@code X-Forwarded-For: 203.0.113.7} has that {@code request.getRemoteAddr()}: the way
 * an application behind a proxy gets its clients' addresses. Java 17's HTTP client cannot
 * bind to another loopback address.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native", "hybrid-auth.login.max-concurrent-checks=1",
				"hybrid-auth.login.check-wait=200ms" })
abstract class AbstractLoginThrottleTests {

	static final String ATTACKER = "203.0.113.7";

	static final String ELSEWHERE = "198.51.100.9";

	private static final String THROTTLED_DETAIL = "Too many failed attempts. Try again later.";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	CountingPasswordEncoder passwordEncoder;

	@Autowired
	TestUsers users;

	@Autowired
	RecordedEvents events;

	@Autowired
	MeterRegistry meters;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
		// every limit of an earlier test has expired; the clock only moves forward, so
		// state kept in memory by earlier tests cannot come back
		this.clock.advance(Duration.ofHours(1));
		forgetAllFailures();
		this.users.recover();
		this.passwordEncoder.open();
	}

	@AfterEach
	void tearDown() {
		this.users.recover();
		this.passwordEncoder.open();
		forgetAllFailures();
	}

	/** Empties the store's table, for stores in a database shared with other tests. */
	abstract void forgetAllFailures();

	/**
	 * The JDBC statements of an attempt the throttle refuses.
	 * @return one {@code SELECT} for the database store, none in memory
	 */
	abstract long statementsOfAThrottledAttempt();

	@Test
	void thirtyWrongPasswordsThenTheRightOneWaitsOutTheWindowAndASuccessResetsThePair() {
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> throttled = null;
		for (int i = 0; i < 30; i++) {
			HttpResponse<String> response = login("alice", "wrong-" + i, ATTACKER);
			statuses.add(response.statusCode());
			if (response.statusCode() == 429) {
				throttled = response;
			}
		}
		assertThat(statuses.subList(0, 5)).as("the first max-failures attempts are checked").containsOnly(401);
		assertThat(statuses.subList(5, 30)).as("then the back-off window is open").containsOnly(429);
		assertThrottled(throttled, 1);

		HttpResponse<String> right = login("alice", "alice-password", ATTACKER);
		assertThrottled(right, 1);
		assertThat(setCookie(right, "hybrid_session")).isEmpty();

		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> afterTheWindow = login("alice", "alice-password", ATTACKER);
		assertThat(afterTheWindow.statusCode()).isEqualTo(200);
		assertThat(json(afterTheWindow).get("session_token").asString()).isNotBlank();

		// the success forgot the pair's failures: max-failures more are checked again
		for (int i = 0; i < 5; i++) {
			assertThat(login("alice", "wrong-again-" + i, ATTACKER).statusCode()).as("failure " + (i + 1))
				.isEqualTo(401);
		}
		assertThrottled(login("alice", "wrong-again-5", ATTACKER), 1);
	}

	@Test
	void aThrottledPairIsRefusedEvenWithTheRightPasswordWhileAnotherAddressLogsIn() {
		failFiveTimes("alice", ATTACKER);

		assertThrottled(login("alice", "alice-password", ATTACKER), 1);
		HttpResponse<String> elsewhere = login("alice", "alice-password", ELSEWHERE);
		assertThat(elsewhere.statusCode()).isEqualTo(200);
		assertThat(json(elsewhere).get("session").get("ip_address").asString()).isEqualTo(ELSEWHERE);
		assertThrottled(login("alice", "alice-password", ATTACKER), 1);
	}

	@Test
	void theBackOffWindowDoublesWithEachFailureUpToItsMaximum() {
		failFiveTimes("alice", ATTACKER);
		List<Long> retryAfters = new ArrayList<>();
		for (int failure = 5; failure <= 16; failure++) {
			HttpResponse<String> refused = login("alice", "wrong", ATTACKER);
			assertThat(refused.statusCode()).as("inside the window after failure " + failure).isEqualTo(429);
			long retryAfter = retryAfter(refused);
			retryAfters.add(retryAfter);
			this.clock.advance(Duration.ofSeconds(retryAfter));
			assertThat(login("alice", "wrong", ATTACKER).statusCode()).as("after the window of failure " + failure)
				.isEqualTo(401);
		}
		assertThat(retryAfters).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 900L, 900L);
	}

	@Test
	void theAccountLimitStopsGuessingFromManyAddressesAndLocksTheAccountForEveryoneUntilTheWindowEnds() {
		for (int address = 1; address <= 10; address++) {
			for (int i = 0; i < 5; i++) {
				assertThat(login("alice", "guess-" + i, "192.0.2." + address).statusCode())
					.as("failure %d from address %d", i + 1, address)
					.isEqualTo(401);
			}
		}

		HttpResponse<String> fresh = login("alice", "alice-password", "192.0.2.200");
		assertThat(fresh.statusCode()).as("the 51st attempt, from a new address, with the right password")
			.isEqualTo(429);
		assertThat(retryAfter(fresh)).as("the account window, opened by the first failure").isEqualTo(900L);
		assertThat(login("admin", "admin-password", "192.0.2.200").statusCode()).as("another account").isEqualTo(200);
		assertThat(this.events.of(HybridLoginThrottledEvent.class)).last()
			.satisfies((event) -> assertThat(event.limit()).isEqualTo(LoginLimit.ACCOUNT));

		this.clock.advance(Duration.ofSeconds(retryAfter(fresh)));
		assertThat(login("alice", "alice-password", "192.0.2.200").statusCode()).isEqualTo(200);
	}

	@Test
	void theAddressLimitStopsOneAddressTryingManyAccounts() {
		for (int i = 1; i <= 100; i++) {
			assertThat(login("user-" + i, "Winter2026!", ATTACKER).statusCode()).as("failure " + i).isEqualTo(401);
		}

		HttpResponse<String> refused = login("alice", "alice-password", ATTACKER);
		assertThrottled(refused, retryAfter(refused));
		assertThat(this.events.of(HybridLoginThrottledEvent.class)).last()
			.satisfies((event) -> assertThat(event.limit()).isEqualTo(LoginLimit.ADDRESS));
		assertThat(login("alice", "alice-password", ELSEWHERE).statusCode()).as("another address").isEqualTo(200);
	}

	@Test
	void noPasswordHashIsComputedWhileThrottled() {
		long before = this.passwordEncoder.matches();
		failFiveTimes("alice", ATTACKER);
		assertThat(this.passwordEncoder.matches() - before).as("positive control: checked attempts hash").isEqualTo(5);

		long throttledBefore = this.passwordEncoder.matches();
		RequestStatements.reset();
		for (int i = 0; i < 10; i++) {
			assertThat(login("alice", (i % 2 == 0) ? "alice-password" : "wrong", ATTACKER).statusCode()).isEqualTo(429);
		}
		assertThat(this.passwordEncoder.matches() - throttledBefore).as("hashes while throttled").isZero();
		assertThat(RequestStatements.count()).as("statements of 10 throttled attempts")
			.isEqualTo(10 * statementsOfAThrottledAttempt());
	}

	@Test
	void aThrottledAttemptIsPublishedAndCounted() {
		double before = throttledCount("pair");
		int eventsBefore = this.events.of(HybridLoginThrottledEvent.class).size();
		failFiveTimes("alice", ATTACKER);
		assertThat(this.events.of(HybridLoginThrottledEvent.class)).as("no refusal yet").hasSize(eventsBefore);

		login("alice", "alice-password", ATTACKER);

		assertThat(throttledCount("pair") - before).isEqualTo(1);
		List<HybridLoginThrottledEvent> published = this.events.of(HybridLoginThrottledEvent.class);
		assertThat(published).hasSize(eventsBefore + 1);
		HybridLoginThrottledEvent event = published.get(published.size() - 1);
		assertThat(event.username()).isEqualTo("alice");
		assertThat(event.address()).isEqualTo(ATTACKER);
		assertThat(event.limit()).isEqualTo(LoginLimit.PAIR);
		assertThat(event.retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void reauthenticationIsThrottledAndSharesThePairWithLogin() {
		String token = json(login("alice", "alice-password", ATTACKER)).get("session_token").asString();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = reauthenticate(token, "wrong-" + i, ATTACKER);
			assertThat(wrong.statusCode()).as("failure " + (i + 1)).isEqualTo(401);
			assertThat(json(wrong).get("detail").asString()).isEqualTo("Invalid password.");
		}
		long hashes = this.passwordEncoder.matches();

		assertThrottled(reauthenticate(token, "alice-password", ATTACKER), 1);
		assertThrottled(login("alice", "alice-password", ATTACKER), 1);
		assertThat(this.passwordEncoder.matches()).as("hashes while throttled").isEqualTo(hashes);
		assertThat(reauthenticate(token, "alice-password", ELSEWHERE).statusCode()).as("another address")
			.isEqualTo(200);
	}

	@Test
	void anAttemptThatFindsEveryCheckTakenAnswers503() throws Exception {
		this.passwordEncoder.close();
		CompletableFuture<Integer> holding = CompletableFuture
			.supplyAsync(() -> login("alice", "alice-password", ELSEWHERE).statusCode());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.passwordEncoder.inFlight() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.passwordEncoder.inFlight()).as("the one permitted check is running").isEqualTo(1);

		HttpResponse<String> busy = login("admin", "admin-password", ATTACKER);
		this.passwordEncoder.open();

		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(busy.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(busy).get("detail").asString())
			.isEqualTo("Too many logins are being checked at once. Try again shortly.");
		assertThat(holding.get(10, TimeUnit.SECONDS)).as("the check that held the permit").isEqualTo(200);
		assertThat(login("admin", "admin-password", ATTACKER).statusCode()).as("once it is free").isEqualTo(200);
	}

	@Test
	void aUserStoreOnAnUnreachableDatabaseAnswers503AndIsNotCountedAsAFailure() {
		this.users.failWith(new DataAccessResourceFailureException("Connection refused: db.internal:5432"));
		for (int i = 0; i < 8; i++) {
			assertUnavailable(login("alice", "alice-password", ATTACKER));
		}
		assertUnavailable(login("alice", "wrong", ATTACKER));
		this.users.recover();

		for (int i = 0; i < 5; i++) {
			assertThat(login("alice", "wrong-" + i, ATTACKER).statusCode()).as("failure " + (i + 1)).isEqualTo(401);
		}
		assertThat(login("alice", "wrong", ATTACKER).statusCode()).as("the sixth failure, not the fifteenth")
			.isEqualTo(429);
	}

	@Test
	void aDirectoryLikeUserStoreFailureAnswers503() {
		// what an LDAP provider's unreachable directory looks like: Spring Security wraps
		// it in an InternalAuthenticationServiceException
		this.users.failWith(new IllegalStateException("ldap://directory.internal:636: connection timed out"));
		assertUnavailable(login("alice", "alice-password", ATTACKER));
		assertUnavailable(login("admin", "wrong", ELSEWHERE));
		this.users.recover();

		assertThat(login("alice", "alice-password", ATTACKER).statusCode()).as("once it is back").isEqualTo(200);
	}

	HttpResponse<String> login(String username, String password, String address) {
		return this.http.postJson("/auth/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", "X-Forwarded-For", address);
	}

	private HttpResponse<String> reauthenticate(String token, String password, String address) {
		return this.http.postJson("/auth/reauthenticate", "{\"password\":\"" + password + "\"}", "Authorization",
				"Bearer " + token, "X-Forwarded-For", address);
	}

	private void failFiveTimes(String username, String address) {
		for (int i = 0; i < 5; i++) {
			assertThat(login(username, "wrong-" + i, address).statusCode()).as("failure " + (i + 1)).isEqualTo(401);
		}
	}

	private double throttledCount(String limit) {
		return this.meters.get("hybrid_auth.login.throttled").tag("limit", limit).counter().count();
	}

	static long retryAfter(HttpResponse<String> response) {
		return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
	}

	static void assertThrottled(HttpResponse<String> response, long retryAfter) {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue(String.valueOf(retryAfter));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("title").asString()).isEqualTo("Too Many Requests");
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("detail").asString()).isEqualTo(THROTTLED_DETAIL);
		assertThat(response.body()).doesNotContain("alice", "password");
	}

	private static void assertUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("detail").asString())
			.isEqualTo("Logins are unavailable at the moment. Try again shortly.");
		assertThat(response.body()).doesNotContain("Exception", "Connection", "ldap", "5432", "alice");
	}

}
