package dev.hybridauth.benchmarks.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.sample.SampleApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long a logout made on one node takes to reach another node's revocation view: two
 * nodes of the sample app on one embedded PostgreSQL, per delivery mode ("notify":
 * {@code hybrid-auth.revocation.listen=true}, "polling": {@code false}). Each revocation
 * logs in on A over HTTP, waits a random 0 to 1000 ms (so that the logouts fall uniformly
 * over the poll interval), logs out on A, and checks B's {@link RevocationView}
 * in-process every 0.2 ms until it refuses the JWT. The clock starts just before the
 * logout request is sent, so the delay includes the logout itself: a conservative bound.
 * The median, p90, p99, maximum and count per mode are written to
 * {@code target/revocation-delay.json}.
 */
public final class RevocationDelayBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final long CHECK_INTERVAL_NANOS = 200_000;

	/** A revocation not seen by then counts as timed out. */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String LOGIN = "{\"username\":\"alice\",\"password\":\"alice-password\"}";

	private final int revocations;

	private final int warmUp;

	private final Random random = new Random();

	private RevocationDelayBenchmark(int revocations, int warmUp) {
		this.revocations = revocations;
		this.warmUp = warmUp;
	}

	public static void main(String[] args) throws Exception {
		int revocations = Integer.parseInt(System.getProperty("bench.revocations", "250"));
		int warmUp = Integer.parseInt(System.getProperty("bench.warm-up", "10"));
		List<String> modes = List.of(System.getProperty("bench.modes", "notify,polling").split(","));
		Path output = Path.of(System.getProperty("bench.output", "target/revocation-delay.json"));
		int status = 0;
		try {
			new RevocationDelayBenchmark(revocations, warmUp).run(modes, output);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	private void run(List<String> modes, Path output) throws Exception {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("revocations_per_mode", this.revocations);
		results.put("warm_up", this.warmUp);
		results.put("check_interval_ms", CHECK_INTERVAL_NANOS / 1e6);
		results.put("timeout_ms", TIMEOUT.toMillis());
		// before the listen property exists, both modes poll
		results.put("listen_property_supported",
				BeanUtils.getPropertyDescriptor(HybridAuthProperties.Revocation.class, "listen") != null);
		Map<String, Object> perMode = new LinkedHashMap<>();
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			String url = postgres.getJdbcUrl("postgres", "postgres");
			for (String mode : modes) {
				boolean listen = switch (mode) {
					case "notify" -> true;
					case "polling" -> false;
					default -> throw new IllegalArgumentException("Unknown mode " + mode + ": notify or polling");
				};
				perMode.put(mode, measure(mode, listen, url));
			}
		}
		results.put("modes", perMode);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
		System.out.println("Revocation delays written to " + output.toAbsolutePath());
	}

	private Map<String, Object> measure(String mode, boolean listen, String url) throws Exception {
		ConfigurableApplicationContext a = start(url, listen);
		ConfigurableApplicationContext b = start(url, listen);
		try {
			String base = "http://127.0.0.1:" + ((WebServerApplicationContext) a).getWebServer().getPort();
			RevocationView view = b.getBean(RevocationView.class);
			for (int i = 0; i < this.warmUp; i++) {
				revokeOnce(base, view);
			}
			List<Double> delays = new ArrayList<>();
			List<Double> logouts = new ArrayList<>();
			int timeouts = 0;
			for (int i = 0; i < this.revocations; i++) {
				long[] times = revokeOnce(base, view);
				logouts.add(times[1] / 1e6);
				if (times[0] < 0) {
					timeouts++;
				}
				else {
					delays.add(times[0] / 1e6);
				}
			}
			Map<String, Object> result = summary(delays);
			result.put("timeouts", timeouts);
			// how much of the delay the logout's own round trip takes
			result.put("logout_response_median_ms",
					percentile(logouts.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50));
			result.put("listen", listen);
			result.put("poll_interval",
					b.getEnvironment().getProperty("hybrid-auth.revocation.poll-interval", "1s (default)"));
			System.out.printf("%-8s %s%n", mode, result);
			return result;
		}
		finally {
			b.close();
			a.close();
		}
	}

	/**
	 * One login on A, a random wait, a logout on A, and B's view checked until it refuses
	 * the JWT.
	 * @return the nanoseconds from just before the logout request to B's refusal (-1
	 * after {@link #TIMEOUT}), and to the logout's response
	 */
	private long[] revokeOnce(String base, RevocationView view) throws Exception {
		JsonNode login = login(base);
		String jwt = login.get("session_jwt").asString();
		JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
		String sessionId = claims.get("sid").asString();
		String subject = claims.get("sub").asString();
		Instant issuedAt = Instant.ofEpochSecond(claims.get("iat").asLong());
		if (view.isRevoked(sessionId, subject, issuedAt)) {
			throw new IllegalStateException("B refuses the JWT before the logout");
		}
		Thread.sleep(this.random.nextInt(1001));

		HttpRequest logout = HttpRequest.newBuilder(URI.create(base + "/auth/logout"))
			.header("Authorization", "Bearer " + login.get("session_token").asString())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		long start = System.nanoTime();
		CompletableFuture<HttpResponse<String>> response = http.sendAsync(logout, HttpResponse.BodyHandlers.ofString());
		CompletableFuture<Long> answered = response.thenApply((r) -> System.nanoTime() - start);
		long deadline = start + TIMEOUT.toNanos();
		long delay = -1;
		while (System.nanoTime() < deadline) {
			if (view.isRevoked(sessionId, subject, issuedAt)) {
				delay = System.nanoTime() - start;
				break;
			}
			LockSupport.parkNanos(CHECK_INTERVAL_NANOS);
		}
		int status = response.get().statusCode();
		if (status != 204) {
			throw new IllegalStateException("The logout answered " + status);
		}
		return new long[] { delay, answered.get() };
	}

	/**
	 * Logs in; only failed password checks are throttled, so the same user logs in every
	 * time, and each session is logged out before the next login: the session limit is
	 * never reached. A {@code 503} (every password check busy) is retried.
	 */
	private static JsonNode login(String base) throws IOException, InterruptedException {
		for (int attempt = 0;; attempt++) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(LOGIN))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				return json.readTree(response.body());
			}
			if (response.statusCode() != 503 || attempt == 5) {
				throw new IllegalStateException("The login answered " + response.statusCode() + ": " + response.body());
			}
			Thread.sleep(1000);
		}
	}

	private static Map<String, Object> summary(List<Double> delays) {
		double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("count", sorted.length);
		summary.put("median_ms", percentile(sorted, 50));
		summary.put("p90_ms", percentile(sorted, 90));
		summary.put("p99_ms", percentile(sorted, 99));
		summary.put("max_ms", (sorted.length > 0) ? sorted[sorted.length - 1] : Double.NaN);
		summary.put("min_ms", (sorted.length > 0) ? sorted[0] : Double.NaN);
		summary.put("mean_ms", Arrays.stream(sorted).average().orElse(Double.NaN));
		return summary;
	}

	/**
	 * The nearest-rank percentile.
	 */
	private static double percentile(double[] sorted, int percent) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

	private static ConfigurableApplicationContext start(String url, boolean listen) {
		List<String> properties = List.of("server.port=0", "spring.datasource.url=" + url,
				"spring.datasource.username=postgres", "spring.datasource.password=postgres", "logging.level.root=WARN",
				"spring.main.banner-mode=off", "hybrid-auth.session.initialize-schema=always",
				"hybrid-auth.revocation.listen=" + listen,
				"spring.autoconfigure.exclude=org.springframework.boot.session.autoconfigure.SessionAutoConfiguration,"
						+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration,"
						+ "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet."
						+ "OAuth2ResourceServerAutoConfiguration");
		// As command-line arguments: they win over the sample's application.yml.
		return new SpringApplicationBuilder(SampleApplication.class)
			.run(properties.stream().map((p) -> "--" + p).toArray(String[]::new));
	}

}
