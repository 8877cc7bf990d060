package dev.hybridauth.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SECURITY item 26: a refresh racing a logout of the same session never hands out a JWT
 * after the logout has returned. Each round starts a session, then sends its refresh and
 * its logout at the same moment. The server notes when the refresh's answer was flushed
 * to the connection and when the logout returned: a refresh that answered with a JWT must
 * have been flushed first. Runs once per database.
 */
@SpringBootTest(classes = { TestApplication.class, AbstractRefreshRacingLogoutTests.ServerTimes.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractRefreshRacingLogoutTests {

	private static final int ROUNDS = 1_000;

	private static final int REUSE_ROUNDS = 500;

	@LocalServerPort
	int port;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	ServerTimes serverTimes;

	@Test
	void noJwtLeavesARefreshAfterTheLogoutOfItsSessionHasReturned() {
		HttpClient client = HttpClient.newHttpClient();
		int refreshedFirst = 0;
		int loggedOutFirst = 0;
		for (int round = 0; round < ROUNDS; round++) {
			String token = this.sessions
				.start(UsernamePasswordAuthenticationToken.authenticated("alice", null,
						AuthorityUtils.createAuthorityList("ROLE_USER")), ClientInfo.UNKNOWN)
				.sessionToken();
			CompletableFuture<Answer> refresh = send(client, "/auth/refresh", token, "refresh-" + round);
			CompletableFuture<Answer> logout = send(client, "/auth/logout", token, "logout-" + round);
			Answer refreshed = refresh.join();
			Answer loggedOut = logout.join();

			assertThat(loggedOut.status()).as("round %d: the logout", round).isEqualTo(204);
			assertThat(refreshed.status()).as("round %d: the refresh", round).isIn(200, 401);
			if (refreshed.status() == 200) {
				assertThat(refreshed.body()).contains("\"session_jwt\"");
				assertThat(this.serverTimes.flushed("refresh-" + round))
					.as("round %d: the JWT was sent after the logout returned", round)
					.isLessThan(this.serverTimes.returned("logout-" + round));
				refreshedFirst++;
			}
			else {
				assertThat(refreshed.body()).doesNotContain("session_jwt");
				loggedOutFirst++;
			}
		}
		// both orders happened, so the two requests really raced
		assertThat(refreshedFirst).as("rounds the refresh won").isPositive();
		assertThat(loggedOutFirst).as("rounds the logout won").isPositive();
	}

	/**
	 * The same race, but the refresh reuses the JWT of a refresh of the session made just
	 * before, within the reuse window: no statement of it locks the session's row, and
	 * the logout, on this node, still returns only after a reuse that answered with the
	 * JWT has flushed it.
	 */
	@Test
	void noReusedJwtLeavesARefreshAfterTheLogoutOfItsSessionHasReturned() {
		HttpClient client = HttpClient.newHttpClient();
		int refreshedFirst = 0;
		int loggedOutFirst = 0;
		for (int round = 0; round < REUSE_ROUNDS; round++) {
			String token = this.sessions
				.start(UsernamePasswordAuthenticationToken.authenticated("alice", null,
						AuthorityUtils.createAuthorityList("ROLE_USER")), ClientInfo.UNKNOWN)
				.sessionToken();
			Answer first = send(client, "/auth/refresh", token, "first-" + round).join();
			assertThat(first.status()).isEqualTo(200);
			String firstJwt = first.body().replaceAll(".*\"session_jwt\":\"([^\"]+)\".*", "$1");
			CompletableFuture<Answer> refresh = send(client, "/auth/refresh", token, "reuse-" + round);
			CompletableFuture<Answer> logout = send(client, "/auth/logout", token, "reuse-logout-" + round);
			Answer refreshed = refresh.join();
			Answer loggedOut = logout.join();

			assertThat(loggedOut.status()).as("round %d: the logout", round).isEqualTo(204);
			assertThat(refreshed.status()).as("round %d: the refresh", round).isIn(200, 401);
			if (refreshed.status() == 200) {
				assertThat(refreshed.body()).as("round %d: the JWT of the first refresh", round).contains(firstJwt);
				assertThat(this.serverTimes.flushed("reuse-" + round))
					.as("round %d: the reused JWT was sent after the logout returned", round)
					.isLessThan(this.serverTimes.returned("reuse-logout-" + round));
				refreshedFirst++;
			}
			else {
				assertThat(refreshed.body()).doesNotContain("session_jwt");
				loggedOutFirst++;
			}
		}
		assertThat(refreshedFirst).as("rounds the reuse won").isPositive();
		assertThat(loggedOutFirst).as("rounds the logout won").isPositive();
	}

	private CompletableFuture<Answer> send(HttpClient client, String path, String token, String requestId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.header(ServerTimes.REQUEST_ID, requestId)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> new Answer(response.statusCode(), response.body()));
	}

	/**
	 * One answer.
	 *
	 * @param status its status
	 * @param body its body
	 */
	record Answer(int status, String body) {

	}

	/**
	 * Notes, per request id, when the server flushed the answer to the connection and
	 * when the request returned from the filter chain.
	 */
	static class ServerTimes implements Filter, Ordered {

		static final String REQUEST_ID = "X-Request-Id";

		private final Map<String, Long> flushed = new ConcurrentHashMap<>();

		private final Map<String, Long> returned = new ConcurrentHashMap<>();

		long flushed(String requestId) {
			return this.flushed.getOrDefault(requestId, Long.MAX_VALUE);
		}

		long returned(String requestId) {
			return this.returned.getOrDefault(requestId, Long.MIN_VALUE);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			String requestId = ((HttpServletRequest) request).getHeader(REQUEST_ID);
			if (requestId == null) {
				chain.doFilter(request, response);
				return;
			}
			chain.doFilter(request, new HttpServletResponseWrapper((HttpServletResponse) response) {
				@Override
				public void flushBuffer() throws IOException {
					super.flushBuffer();
					ServerTimes.this.flushed.putIfAbsent(requestId, System.nanoTime());
				}
			});
			this.returned.put(requestId, System.nanoTime());
		}

	}

}
