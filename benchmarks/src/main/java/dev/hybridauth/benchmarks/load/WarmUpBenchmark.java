package dev.hybridauth.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first seconds of load on each path, each on a JVM that has served nothing else: for
 * every variant a fresh sample app (its own JVM, pinned to CPU 0) starts on one embedded
 * PostgreSQL, one login gives the variant its credentials, and wrk (pinned to CPU 1)
 * loads the path for ten 1-second slices, then four 5-second slices. Each variant runs
 * once per mode; {@code bench.warm-up-modes} names the modes as
 * {@code name=property,property;name=...} (the default: the starter's warm-up on and
 * off). Writes {@code target/warm-up.json}.
 */
public final class WarmUpBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final int PORT = 8095;

	static final String BASE = "http://127.0.0.1:" + PORT;

	private WarmUpBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String wrkCore = System.getProperty("bench.wrk-core", "1");
		List<String> ids = Arrays.asList(System.getProperty("bench.variants", "V0,V1,V2,V3,V3c,V4,V5").split(","));
		Map<String, List<String>> modes = modes(System.getProperty("bench.warm-up-modes", "defaults="));
		String classpath = System.getProperty("java.class.path");
		int status = 0;
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			String url = postgres.getJdbcUrl("postgres", "postgres");
			Map<String, Object> results = new LinkedHashMap<>();
			for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
				Map<String, Object> perVariant = new LinkedHashMap<>();
				for (String id : ids) {
					perVariant.put(id, coldRun(id, url, classpath, mode.getValue(), wrkCore));
				}
				results.put(mode.getKey(), perVariant);
			}
			Path output = Path.of(System.getProperty("bench.output", "target/warm-up.json"));
			Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
			Files.writeString(Path.of("warm-up.md"), section(results));
			System.out.println("Warm-up results written to " + output.toAbsolutePath() + " and warm-up.md");
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	@SuppressWarnings("unchecked")
	private static String section(Map<String, Object> results) {
		StringBuilder md = new StringBuilder("## Warm-up: the first seconds of each path\n\n");
		md.append("`WarmUpBenchmark`: for each path a fresh sample app in its own JVM (pinned to CPU 0) starts on one "
				+ "embedded PostgreSQL; after one login for the path's credentials, wrk (1 thread, 16 connections, "
				+ "CPU 1) loads the path for ten 1-second slices, then four 5-second slices. Requests per second; "
				+ "\"of V0\" compares the first 10 s with V0's first 10 s on its own fresh JVM.\n\n");
		for (Map.Entry<String, Object> mode : results.entrySet()) {
			if (results.size() > 1) {
				md.append("**").append(mode.getKey()).append("**\n\n");
			}
			md.append(
					"| path | 1st s | 2nd s | 5th s | 10th s | first 10 s | of V0 | 10–30 s | first 10 s of 10–30 s |\n");
			md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
			Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) mode.getValue();
			Map<String, Object> v0 = variants.get("V0");
			for (Map.Entry<String, Map<String, Object>> variant : variants.entrySet()) {
				List<Double> perSecond = (List<Double>) variant.getValue().get("first_10s_per_second");
				double first = (double) variant.getValue().get("first_10s");
				double later = ((List<Double>) variant.getValue().get("then_per_5s")).stream()
					.mapToDouble(Double::doubleValue)
					.average()
					.orElse(0);
				md.append(String.format(java.util.Locale.ROOT,
						"| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %s | %,.0f | %.2f |%n", variant.getKey(),
						perSecond.get(0), perSecond.get(1), perSecond.get(4), perSecond.get(9), first,
						(v0 != null)
								? String.format(java.util.Locale.ROOT, "%.2f", first / (double) v0.get("first_10s"))
								: "",
						later, first / later));
			}
			md.append('\n');
		}
		return md.toString();
	}

	private static Map<String, List<String>> modes(String spec) {
		Map<String, List<String>> modes = new LinkedHashMap<>();
		for (String mode : spec.split(";")) {
			String name = mode.substring(0, mode.indexOf('='));
			String properties = mode.substring(mode.indexOf('=') + 1);
			modes.put(name, properties.isBlank() ? List.of() : List.of(properties.split(",")));
		}
		return modes;
	}

	private static Map<String, Object> coldRun(String id, String url, String classpath, List<String> properties,
			String wrkCore) throws Exception {
		List<String> all = new ArrayList<>(properties);
		if (id.equals("V5")) {
			// as in the load benchmark: every refresh signs
			all.add("hybrid-auth.refresh.reuse-window=0");
		}
		Process server = startServer(url, classpath, List.of(), all);
		try {
			LoadBenchmark.Variant variant = variant(id);
			List<Double> perSecond = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				perSecond.add(LoadBenchmark.wrk(variant, 1, wrkCore).rps());
			}
			List<Double> perFiveSeconds = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				perFiveSeconds.add(LoadBenchmark.wrk(variant, 5, wrkCore).rps());
			}
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("first_10s_per_second", perSecond);
			result.put("first_10s", perSecond.stream().mapToDouble(Double::doubleValue).average().orElse(0));
			result.put("then_per_5s", perFiveSeconds);
			System.out.println(id + " " + properties + ": " + result);
			return result;
		}
		finally {
			server.destroy();
			if (!server.waitFor(20, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	/** The variant with the credentials of one login on the fresh server. */
	static LoadBenchmark.Variant variant(String id) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(BASE + "/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		JsonNode login = json.readTree(response.body());
		String token = login.get("session_token").asString();
		String jwt = login.get("session_jwt").asString();
		String ping = BASE + "/api/ping";
		return switch (id) {
			case "V0" -> new LoadBenchmark.Variant(id, "no authentication", "GET", ping, null, null);
			case "V1" -> new LoadBenchmark.Variant(id, "bearer JWT", "GET", ping, "Authorization", "Bearer " + jwt);
			case "V2" ->
				new LoadBenchmark.Variant(id, "JWT cookie", "GET", ping, "Cookie", "hybrid_session_jwt=" + jwt);
			case "V3" ->
				new LoadBenchmark.Variant(id, "session token", "GET", ping, "Authorization", "Bearer " + token);
			case "V3c" ->
				new LoadBenchmark.Variant(id, "session cookie alone", "GET", ping, "Cookie", "hybrid_session=" + token);
			case "V4" -> new LoadBenchmark.Variant(id, "sensitive route", "POST", BASE + "/api/transfers",
					"Authorization", "Bearer " + jwt);
			case "V5" -> new LoadBenchmark.Variant(id, "refresh", "POST", BASE + "/auth/refresh", "Authorization",
					"Bearer " + token);
			default -> throw new IllegalArgumentException("Unknown variant " + id);
		};
	}

	/**
	 * A sample app in its own JVM, pinned to CPU 0, as the load benchmark configures it,
	 * once it listens.
	 */
	static Process startServer(String url, String classpath, List<String> jvmOptions, List<String> properties)
			throws Exception {
		List<String> command = new ArrayList<>(List.of("taskset", "-c", "0",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx2g"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classpath, "dev.hybridauth.sample.SampleApplication"));
		for (String property : LoadBenchmark.sampleProperties(PORT, url)) {
			command.add("--" + property);
		}
		properties.forEach((property) -> command.add("--" + property));
		File log = Path.of("target", "warm-up-server.log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log))
			.start();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (true) {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", PORT)) {
				return process;
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (!process.isAlive() || System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IllegalStateException("The sample app did not start: see " + log);
			}
			Thread.sleep(200);
		}
	}

}
