package dev.hybridauth.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.hybridauth.benchmarks.load.resourceserver.ResourceServerApp;
import dev.hybridauth.benchmarks.load.session.SpringSessionJdbcApp;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.sample.SampleApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The load benchmark: the sample app, Spring Session JDBC and an OAuth2 resource server
 * in this JVM on one embedded PostgreSQL (run it pinned to one core), loaded by wrk
 * pinned to another core. Each variant is measured in interleaved passes; the medians,
 * the ratio to the unauthenticated baseline of the same run, and the SQL statements per
 * request are written to {@code target/load-results.json}. A second sample app, with the
 * revocation feed off, serves V1off; at the end, 100,000 revoked sessions enter the first
 * app's revocation view and its JWT path (V1v) is measured against V1off. The system
 * property {@code bench.variants} (a comma-separated list of ids) runs only those
 * variants.
 */
public final class LoadBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String HYBRID = "http://127.0.0.1:8080";

	private static final String SPRING_SESSION = "http://127.0.0.1:8081";

	private static final String RESOURCE_SERVER = "http://127.0.0.1:8082";

	/** The sample app again, with the revocation feed off. */
	private static final String HYBRID_FEED_OFF = "http://127.0.0.1:8083";

	/** The sample app on in-memory H2. */
	private static final String HYBRID_H2 = "http://127.0.0.1:8084";

	/** The sample app again, with the refresh reuse window off: every refresh signs. */
	private static final String HYBRID_NO_REUSE = "http://127.0.0.1:8085";

	/** Revocation log rows inserted for the {@code revocation_100k} variants. */
	private static final int REVOCATIONS = 100_000;

	private final int passes;

	private final int seconds;

	private final String wrkCore;

	/** The ids of the variants to run, or {@code null} for all. */
	private final Set<String> selected;

	private LoadBenchmark(int passes, int seconds, String wrkCore, Set<String> selected) {
		this.passes = passes;
		this.seconds = seconds;
		this.wrkCore = wrkCore;
		this.selected = selected;
	}

	public static void main(String[] args) throws Exception {
		int passes = Integer.parseInt(System.getProperty("bench.passes", "3"));
		int seconds = Integer.parseInt(System.getProperty("bench.seconds", "5"));
		String wrkCore = System.getProperty("bench.wrk-core", "1");
		Path output = Path.of(System.getProperty("bench.output", "target/load-results.json"));
		// for a quick run of a few variants, such as -Dbench.variants=V0,V1,V1off,V1v
		String variants = System.getProperty("bench.variants", "");
		Set<String> selected = variants.isBlank() ? null
				: Arrays.stream(variants.split(",")).map(String::trim).collect(Collectors.toSet());
		int status = 0;
		try {
			new LoadBenchmark(passes, seconds, wrkCore, selected).run(output);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		// Non-daemon threads of the applications may outlive them.
		System.exit(status);
	}

	private void run(Path output) throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.start()) {
			String url = postgres.getJdbcUrl("postgres", "postgres");
			JdbcTemplate stats = new JdbcTemplate(postgres.getPostgresDatabase());
			stats.execute("create extension if not exists pg_stat_statements");
			List<ConfigurableApplicationContext> applications = new ArrayList<>();
			try {
				run(output, url, stats, applications);
			}
			finally {
				// before PostgreSQL stops, so that no background job waits for a
				// connection
				for (int i = applications.size() - 1; i >= 0; i--) {
					applications.get(i).close();
				}
			}
		}
	}

	private void run(Path output, String url, JdbcTemplate stats, List<ConfigurableApplicationContext> applications)
			throws Exception {
		String[] hybridProperties = hybridProperties();
		ConfigurableApplicationContext hybrid = start(new Class<?>[] { SampleApplication.class, Baselines.class }, 8080,
				url, hybridProperties);
		applications.add(hybrid);
		applications.add(start(SpringSessionJdbcApp.class, 8081, url, "spring.session.jdbc.initialize-schema=always"));
		applications
			.add(start(ResourceServerApp.class, 8082, url, "bench.jwks-uri=" + HYBRID + "/.well-known/jwks.json"));
		List<String> feedOffProperties = new ArrayList<>(List.of(hybridProperties));
		feedOffProperties.add("hybrid-auth.revocation.enabled=false");
		ConfigurableApplicationContext feedOff = start(SampleApplication.class, 8083, url,
				feedOffProperties.toArray(String[]::new));
		applications.add(feedOff);
		applications.add(start(SampleApplication.class, 8084, "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", hybridProperties));
		List<String> noReuseProperties = new ArrayList<>(List.of(hybridProperties));
		noReuseProperties.add("hybrid-auth.refresh.reuse-window=0");
		applications.add(start(SampleApplication.class, 8085, url, noReuseProperties.toArray(String[]::new)));
		JdbcTemplate jdbc = new JdbcTemplate(hybrid.getBean(javax.sql.DataSource.class));

		String credentials = "{\"username\":\"alice\",\"password\":\"alice-password\"}";
		JsonNode login = postJson(HYBRID + "/auth/login", credentials);
		String token = login.get("session_token").asString();
		String jwt = login.get("session_jwt").asString();
		String sessionId = login.get("session").get("session_id").asString();
		String jwtFeedOff = postJson(HYBRID_FEED_OFF + "/auth/login", credentials).get("session_jwt").asString();
		String tokenH2 = postJson(HYBRID_H2 + "/auth/login", credentials).get("session_token").asString();
		String tokenNoReuse = postJson(HYBRID_NO_REUSE + "/auth/login", credentials).get("session_token").asString();
		String springSession = springSessionCookie();
		seedSessions(jdbc, 1, 999);

		List<Variant> variants = List
			.of(new Variant("V0", "no authentication", "GET", HYBRID + "/api/ping", null, null),
					new Variant("V0h", "no authentication, a header as long as the JWT", "GET", HYBRID + "/api/ping",
							"X-Padding", "x".repeat(jwt.length())),
					new Variant("V0db", "no authentication, one SELECT by primary key (JDBC)", "GET",
							HYBRID + "/bench/db?id=" + sessionId, null, null),
					new Variant("V0sign", "no authentication, one JWT signed and one UPDATE", "GET",
							HYBRID + "/bench/sign?id=" + sessionId, null, null),
					new Variant("V1", "bearer JWT", "GET", HYBRID + "/api/ping", "Authorization", "Bearer " + jwt),
					new Variant("V1off", "bearer JWT, revocation feed off", "GET", HYBRID_FEED_OFF + "/api/ping",
							"Authorization", "Bearer " + jwtFeedOff),
					new Variant("V2", "JWT cookie", "GET", HYBRID + "/api/ping", "Cookie", "hybrid_session_jwt=" + jwt),
					new Variant("V3", "session token, PostgreSQL", "GET", HYBRID + "/api/ping", "Authorization",
							"Bearer " + token),
					new Variant("V3h2", "session token, in-memory H2", "GET", HYBRID_H2 + "/api/ping", "Authorization",
							"Bearer " + tokenH2),
					new Variant("V3c", "session cookie alone (refresh, reused within the window)", "GET",
							HYBRID + "/api/ping", "Cookie", "hybrid_session=" + token),
					new Variant("V3c0", "session cookie alone, reuse window off (a refresh each time)", "GET",
							HYBRID_NO_REUSE + "/api/ping", "Cookie", "hybrid_session=" + tokenNoReuse),
					new Variant("V4", "sensitive route, bearer JWT", "POST", HYBRID + "/api/transfers", "Authorization",
							"Bearer " + jwt),
					new Variant("V5", "refresh, reuse window off (each signs)", "POST",
							HYBRID_NO_REUSE + "/auth/refresh", "Authorization", "Bearer " + tokenNoReuse),
					new Variant("V5r", "refresh within the reuse window (the JWT reused)", "POST",
							HYBRID + "/auth/refresh", "Authorization", "Bearer " + token),
					new Variant("SSJ", "Spring Session JDBC cookie", "GET", SPRING_SESSION + "/api/ping", "Cookie",
							"SESSION=" + springSession),
					new Variant("RS", "OAuth2 resource server, same JWT", "GET", RESOURCE_SERVER + "/api/ping",
							"Authorization", "Bearer " + jwt))
			.stream()
			.filter((variant) -> isSelected(variant.id()))
			.toList();

		Map<String, Object> results = new LinkedHashMap<>();
		results.put("passes", this.passes);
		results.put("seconds", this.seconds);
		results.put("statements", countStatements(variants, stats));
		// Warm-up: two full passes, so that every path is compiled before the
		// measured passes.
		measure(variants, 2, this.seconds);
		results.put("runs", medians(measure(variants, this.passes, this.seconds)));

		if (isSelected("V3")) {
			seedSessions(jdbc, 1000, 1_000_000);
			jdbc.execute("analyze hybrid_auth_session");
			List<Variant> scale = variants.stream().filter((v) -> v.id().equals("V0") || v.id().equals("V3")).toList();
			measure(scale, 1, this.seconds);
			results.put("sessions_1m", medians(measure(scale, this.passes, this.seconds)));
			results.put("stored_sessions_after_scale",
					jdbc.queryForObject("select count(*) from hybrid_auth_session", Long.class));
		}
		if (isSelected("V1v")) {
			results.put("revocation_100k", revocations100k(variants, hybrid, feedOff, jdbc, jwt));
		}
		Files.createDirectories(output.getParent());
		Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
		System.out.println("Load results written to " + output.toAbsolutePath());
	}

	/**
	 * The JWT path with the revocation feed off (V1off) against the feed on with
	 * {@value #REVOCATIONS} revoked sessions in the view (V1v), in the same interleaved
	 * passes, with V0.
	 */
	private Map<String, Object> revocations100k(List<Variant> variants, ConfigurableApplicationContext hybrid,
			ConfigurableApplicationContext feedOff, JdbcTemplate jdbc, String jwt) throws Exception {
		RevocationView view = hybrid.getBean(RevocationView.class);
		int before = view.size();
		jdbc.update(
				"""
						insert into hybrid_auth_revocation (kind, subject, user_id, not_before, created_at)
						select 'SESSION', substr(translate(encode(sha256((random()::text || i)::bytea), 'base64'), '+/', '-_'), 1, 22),
						    'user' || (i % 5000), now(), now()
						from generate_series(1, ?) as i""",
				REVOCATIONS);
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (view.size() < before + REVOCATIONS) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The view holds " + view.size() + " entries after 2 minutes");
			}
			Thread.sleep(100);
		}
		List<Variant> measured = new ArrayList<>();
		for (Variant variant : variants) {
			if (variant.id().equals("V0") || variant.id().equals("V1off")) {
				measured.add(variant);
			}
		}
		measured.add(new Variant("V1v", "bearer JWT, 100,000 revoked sessions in the view", "GET", HYBRID + "/api/ping",
				"Authorization", "Bearer " + jwt));
		for (Variant variant : measured) {
			int status = http.send(variant.request(), HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status >= 400) {
				throw new IllegalStateException(variant.id() + " answered " + status);
			}
		}
		measure(measured, 1, this.seconds);
		Map<String, List<WrkResult>> runs = measure(measured, this.passes, this.seconds);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("inserted_rows", REVOCATIONS);
		result.put("view_size", view.size());
		// with hybrid-auth.revocation.enabled=false there is no view to consult
		result.put("feed_off_has_view", feedOff.getBeanProvider(RevocationView.class).getIfAvailable() != null);
		result.put("runs", medians(runs));
		result.put("target_v1v_to_v1off", 0.97);
		putRatio(result, "v1v_to_v1off", runs, "V1v", "V1off");
		putRatio(result, "v1v_to_v0", runs, "V1v", "V0");
		putRatio(result, "v1off_to_v0", runs, "V1off", "V0");
		System.out.println("revocation_100k: " + result);
		return result;
	}

	/**
	 * The ratio of the median requests per second of two variants, and the ratio of each
	 * pass.
	 */
	private static void putRatio(Map<String, Object> result, String name, Map<String, List<WrkResult>> runs, String id,
			String to) {
		List<WrkResult> of = runs.get(id);
		List<WrkResult> base = runs.get(to);
		if (of == null || base == null) {
			return;
		}
		result.put(name, median(of.stream().mapToDouble(WrkResult::rps).toArray())
				/ median(base.stream().mapToDouble(WrkResult::rps).toArray()));
		List<Double> perPass = new ArrayList<>();
		for (int i = 0; i < of.size(); i++) {
			perPass.add(of.get(i).rps() / base.get(i).rps());
		}
		result.put(name + "_per_pass", perPass);
	}

	/**
	 * The sample app's settings in every load benchmark: the schema created, JWTs that
	 * outlive the run, no cleanup, and none of the auto-configurations that the
	 * applications it is compared with leave out.
	 */
	private static String[] hybridProperties() {
		return new String[] { "hybrid-auth.session.initialize-schema=always", "hybrid-auth.jwt.ttl=2h",
				"hybrid-auth.cleanup.enabled=false",
				"spring.autoconfigure.exclude=org.springframework.boot.session.autoconfigure.SessionAutoConfiguration,"
						+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration,"
						+ "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet."
						+ "OAuth2ResourceServerAutoConfiguration,"
						// the sample brings Actuator; the others observe no request
						+ "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration" };
	}

	/**
	 * Every setting of a sample app on this port and database, as the load benchmark
	 * starts it.
	 */
	static List<String> sampleProperties(int port, String url) {
		List<String> all = new ArrayList<>(commonProperties(port, url));
		all.addAll(List.of(hybridProperties()));
		return all;
	}

	private static List<String> commonProperties(int port, String url) {
		return List.of("server.port=" + port, "spring.datasource.url=" + url, "spring.datasource.username=postgres",
				"spring.datasource.password=postgres", "logging.level.root=WARN", "spring.main.banner-mode=off",
				"server.tomcat.threads.max=50");
	}

	private boolean isSelected(String id) {
		return this.selected == null || this.selected.contains(id);
	}

	private static ConfigurableApplicationContext start(Class<?> application, int port, String url,
			String... properties) {
		return start(new Class<?>[] { application }, port, url, properties);
	}

	private static ConfigurableApplicationContext start(Class<?>[] sources, int port, String url,
			String... properties) {
		List<String> all = new ArrayList<>(commonProperties(port, url));
		all.addAll(List.of(properties));
		// As command-line arguments: they win over the sample's application.yml.
		return new SpringApplicationBuilder(sources).run(all.stream().map((p) -> "--" + p).toArray(String[]::new));
	}

	/**
	 * Sessions of other users with ids {@code from} to {@code to}, so that lookups run
	 * against that many rows.
	 */
	private static void seedSessions(JdbcTemplate jdbc, int from, int to) {
		jdbc.update(
				"""
						insert into hybrid_auth_session (session_id, token_hash, user_id, authorities, started_at,
						    last_accessed_at, idle_expires_at, absolute_expires_at, authenticated_at, version)
						select substr(md5('sid' || i), 1, 22), encode(sha256(('token' || i)::bytea), 'hex'), 'user' || (i % 5000),
						    'ROLE_USER', now(), now(), now() + interval '1 day', now() + interval '1 day', now(), 0
						from generate_series(?, ?) as i""",
				from, to);
	}

	/**
	 * SQL statements per request, as PostgreSQL counted them (pg_stat_statements), on the
	 * tables of the applications: the sessions, Spring Session's tables and the sample's
	 * users.
	 */
	private static Map<String, Object> countStatements(List<Variant> variants, JdbcTemplate stats) throws Exception {
		Map<String, Object> perVariant = new LinkedHashMap<>();
		int requests = 200;
		for (Variant variant : variants) {
			stats.execute("select pg_stat_statements_reset()");
			for (int i = 0; i < requests; i++) {
				HttpResponse<String> response = http.send(variant.request(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() >= 400) {
					throw new IllegalStateException(variant.id() + " answered " + response.statusCode());
				}
			}
			Map<String, Object> counts = new LinkedHashMap<>();
			for (String verb : List.of("select", "update", "insert", "delete")) {
				// the revocation feeds read the log on their own schedule, not per
				// request
				Long calls = stats.queryForObject("select coalesce(sum(calls), 0) from pg_stat_statements where "
						+ "lower(query) like ? and (lower(query) like '%hybrid_auth%' or lower(query) like "
						+ "'%spring_session%' or lower(query) like '%app_user%') "
						+ "and lower(query) not like '%hybrid_auth_revocation%'", Long.class, verb + "%");
				counts.put(verb + "s", ((calls != null) ? calls : 0) / (double) requests);
			}
			perVariant.put(variant.id(), counts);
		}
		return perVariant;
	}

	private Map<String, List<WrkResult>> measure(List<Variant> variants, int passCount, int duration) throws Exception {
		Map<String, List<WrkResult>> runs = new LinkedHashMap<>();
		for (int pass = 0; pass < passCount; pass++) {
			for (Variant variant : variants) {
				runs.computeIfAbsent(variant.id(), (id) -> new ArrayList<>()).add(wrk(variant, duration));
			}
		}
		return runs;
	}

	private static Map<String, Object> medians(Map<String, List<WrkResult>> runs) {
		Map<String, Object> medians = new LinkedHashMap<>();
		for (Map.Entry<String, List<WrkResult>> entry : runs.entrySet()) {
			List<WrkResult> results = entry.getValue();
			medians.put(entry.getKey(),
					Map.of("rps", median(results.stream().mapToDouble(WrkResult::rps).toArray()), "p50_ms",
							median(results.stream().mapToDouble(WrkResult::p50Millis).toArray()), "p99_ms",
							median(results.stream().mapToDouble(WrkResult::p99Millis).toArray()), "non2xx",
							results.stream().mapToLong(WrkResult::non2xx).sum(), "passes",
							results.stream().map(WrkResult::rps).toList()));
		}
		return medians;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private WrkResult wrk(Variant variant, int duration) throws Exception {
		return wrk(variant, duration, this.wrkCore);
	}

	static WrkResult wrk(Variant variant, int duration, String wrkCore) throws Exception {
		List<String> command = new ArrayList<>(
				List.of("taskset", "-c", wrkCore, "wrk", "-t1", "-c16", "-d" + duration + "s", "--latency"));
		if (variant.header() != null) {
			command.addAll(List.of("-H", variant.header() + ": " + variant.value()));
		}
		if (variant.method().equals("POST")) {
			Path script = Files.createTempFile("wrk-post", ".lua");
			Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = \"{}\"\n"
					+ "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
			command.addAll(List.of("-s", script.toString()));
		}
		command.add(variant.url());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("wrk failed: " + out);
		}
		WrkResult result = WrkResult.parse(out);
		System.out.printf("%-5s %-48s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms%s%n", variant.id(), variant.label(),
				result.rps(), result.p50Millis(), result.p99Millis(),
				(result.non2xx() > 0) ? "  non-2xx: " + result.non2xx() : "");
		return result;
	}

	private static JsonNode postJson(String url, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private static String springSessionCookie() throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(SPRING_SESSION + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password"))
			.build(), HttpResponse.BodyHandlers.ofString());
		String cookie = response.headers()
			.firstValue("Set-Cookie")
			.orElseThrow(() -> new IllegalStateException("Spring Session login failed: " + response.statusCode()));
		return cookie.substring("SESSION=".length(), cookie.indexOf(';'));
	}

	record Variant(String id, String label, String method, String url, String header, String value) {

		HttpRequest request() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url));
			if (this.header != null) {
				request.header(this.header, this.value);
			}
			if (this.method.equals("POST")) {
				request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
			}
			return request.build();
		}

	}

	record WrkResult(double rps, double p50Millis, double p99Millis, long non2xx) {

		private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

		private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

		static WrkResult parse(String out) {
			Matcher rps = RPS.matcher(out);
			if (!rps.find()) {
				throw new IllegalStateException("Unexpected wrk output: " + out);
			}
			Matcher non2xx = NON_2XX.matcher(out);
			return new WrkResult(Double.parseDouble(rps.group(1)), percentile(out, "50"), percentile(out, "99"),
					non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
		}

		private static double percentile(String out, String percent) {
			Matcher matcher = Pattern.compile("\\s" + percent + "%\\s+([0-9.]+)(us|ms|s)").matcher(out);
			if (!matcher.find()) {
				throw new IllegalStateException("No " + percent + "th percentile in: " + out);
			}
			double value = Double.parseDouble(matcher.group(1));
			return switch (matcher.group(2)) {
				case "us" -> value / 1000;
				case "s" -> value * 1000;
				default -> value;
			};
		}

	}

}
