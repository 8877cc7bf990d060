package dev.hybridauth.benchmarks.soak;

import java.io.File;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The soak: two nodes of the sample app, each its own JVM, on one embedded PostgreSQL,
 * under mixed traffic for {@code soak.minutes} (10 by default) with the cleanup and the
 * revocation feed running. Virtual users log in, call ordinary routes with the JWT on
 * either node, refresh, call a sensitive route, use the session token on a live path, and
 * log out or walk away; one client keeps trying a wrong password. After each logout, the
 * other node must refuse the logged-out JWT 2.5 s later. Every
 * {@code soak.sample-seconds} the benchmark records the requests and unexpected answers
 * by status, each node's heap after a full GC, the sessions table, the revocation log and
 * view, and the login throttle's rows; it writes {@code target/soak.json},
 * {@code soak.md} and {@code ../docs/soak.png}.
 */
public final class SoakBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newFixedThreadPool(4))
		.build();

	private static final int USERS = 20;

	private static final String PASSWORD = "soak-password";

	/** Answers that are right for their request, such as 401 for a wrong password. */
	private static final Map<String, List<Integer>> EXPECTED = Map.of("login", List.of(200), "failed_login",
			List.of(401, 429), "jwt", List.of(200), "session_token", List.of(200), "sensitive", List.of(200), "refresh",
			List.of(200), "logout", List.of(204), "revoked_jwt", List.of(401));

	private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

	private final ScheduledExecutorService later = Executors.newScheduledThreadPool(1);

	private final List<Node> nodes = new ArrayList<>();

	private volatile boolean running = true;

	public static void main(String[] args) throws Exception {
		int minutes = Integer.parseInt(System.getProperty("soak.minutes", "10"));
		int sampleSeconds = Integer.parseInt(System.getProperty("soak.sample-seconds", "20"));
		int virtualUsers = Integer.parseInt(System.getProperty("soak.users", "8"));
		String classpath = System.getProperty("java.class.path");
		int status = 0;
		try {
			new SoakBenchmark().run(minutes, sampleSeconds, virtualUsers, classpath);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	private void run(int minutes, int sampleSeconds, int virtualUsers, String classpath) throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			String url = postgres.getJdbcUrl("postgres", "postgres");
			JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
			try {
				// one after the other: the first creates the tables
				this.nodes.add(Node.start(8090, url, classpath));
				this.nodes.add(Node.start(8091, url, classpath));
				run(minutes, sampleSeconds, virtualUsers, jdbc);
			}
			finally {
				this.running = false;
				this.later.shutdownNow();
				this.nodes.forEach(Node::stop);
			}
		}
	}

	private void run(int minutes, int sampleSeconds, int virtualUsers, JdbcTemplate jdbc) throws Exception {
		ExecutorService users = Executors.newFixedThreadPool(virtualUsers + 1);
		for (int i = 0; i < virtualUsers; i++) {
			int number = i;
			users.submit(() -> virtualUser(number));
		}
		users.submit(this::failingUser);
		List<Map<String, Object>> samples = new ArrayList<>();
		Map<String, Long> before = snapshot();
		long start = System.nanoTime();
		long end = start + TimeUnit.MINUTES.toNanos(minutes);
		while (System.nanoTime() < end) {
			Thread.sleep(sampleSeconds * 1000L);
			Map<String, Long> now = snapshot();
			samples.add(sample((System.nanoTime() - start) / 1e9, before, now, sampleSeconds, jdbc));
			before = now;
			System.out.println(samples.get(samples.size() - 1));
		}
		this.running = false;
		users.shutdown();
		users.awaitTermination(30, TimeUnit.SECONDS);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("minutes", minutes);
		result.put("virtual_users", virtualUsers);
		result.put("answers", new TreeMap<>(snapshot()));
		result.put("samples", samples);
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/soak.json"),
				json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
		SoakReport.write(json.valueToTree(result), Path.of("soak.md"), Path.of("../docs/soak.png"));
	}

	private Map<String, Object> sample(double seconds, Map<String, Long> before, Map<String, Long> now,
			int sampleSeconds, JdbcTemplate jdbc) {
		long requests = 0;
		Map<String, Long> unexpected = new TreeMap<>();
		for (Map.Entry<String, Long> entry : now.entrySet()) {
			long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
			requests += delta;
			String kind = entry.getKey().substring(0, entry.getKey().indexOf(' '));
			String status = entry.getKey().substring(entry.getKey().indexOf(' ') + 1);
			if (delta > 0 && !isExpected(kind, status)) {
				unexpected.merge(status, delta, Long::sum);
			}
		}
		Map<String, Object> sample = new LinkedHashMap<>();
		sample.put("seconds", Math.round(seconds));
		sample.put("requests_per_second", requests / (double) sampleSeconds);
		sample.put("unexpected", unexpected);
		sample.put("sessions", jdbc.queryForObject("select count(*) from hybrid_auth_session", Long.class));
		sample.put("live_sessions", jdbc.queryForObject("select count(*) from hybrid_auth_session where revoked_at is "
				+ "null and idle_expires_at > now() and absolute_expires_at > now()", Long.class));
		sample.put("revocation_log", jdbc.queryForObject("select count(*) from hybrid_auth_revocation", Long.class));
		sample.put("throttle_rows", jdbc.queryForObject("select count(*) from hybrid_auth_login_throttle", Long.class));
		List<Object> heap = new ArrayList<>();
		List<Object> view = new ArrayList<>();
		for (Node node : this.nodes) {
			heap.add(node.heapAfterGcMegabytes());
			view.add(node.metric("hybrid_auth.revocation.view.size"));
		}
		sample.put("heap_after_gc_mb", heap);
		sample.put("revocation_view", view);
		return sample;
	}

	private static boolean isExpected(String kind, String status) {
		return status.matches("\\d+") && EXPECTED.get(kind).contains(Integer.parseInt(status));
	}

	private Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.answers.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

	/**
	 * One user's sessions, one after the other: a login on either node, 20 to 60
	 * requests, then a logout (4 in 5) or nothing (the session is left to expire).
	 */
	private void virtualUser(int number) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.running) {
			try {
				String username = "user" + (number * 7 + random.nextInt(USERS)) % USERS;
				Node loginNode = node(random);
				HttpResponse<String> login = send("login", loginNode.post("/auth/login", null,
						"{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"));
				if (login == null || login.statusCode() != 200) {
					Thread.sleep(100);
					continue;
				}
				JsonNode tokens = json.readTree(login.body());
				String token = tokens.get("session_token").asString();
				String jwt = tokens.get("session_jwt").asString();
				int requests = 20 + random.nextInt(41);
				for (int i = 1; i <= requests && this.running; i++) {
					Node node = node(random);
					if (i % 25 == 0) {
						HttpResponse<String> refresh = send("refresh", node.post("/auth/refresh", token, "{}"));
						if (refresh != null && refresh.statusCode() == 200) {
							jwt = json.readTree(refresh.body()).get("session_jwt").asString();
						}
					}
					else if (i % 10 == 0) {
						send("sensitive", node.post("/api/transfers", jwt, "{\"amount\":1}"));
					}
					else if (i % 15 == 0) {
						send("session_token", node.get("/api/ping", token));
					}
					else {
						send("jwt", node.get("/api/ping", jwt));
					}
					Thread.sleep(2);
				}
				if (random.nextInt(5) > 0 && this.running) {
					Node node = node(random);
					HttpResponse<String> logout = send("logout", node.post("/auth/logout", jwt, null));
					if (logout != null && logout.statusCode() == 204) {
						Node other = this.nodes.get(1 - this.nodes.indexOf(node));
						String revoked = jwt;
						this.later.schedule(() -> send("revoked_jwt", other.get("/api/ping", revoked)), 2500,
								TimeUnit.MILLISECONDS);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				count("client", ex.getClass().getSimpleName());
			}
		}
	}

	/** A user who keeps getting the password wrong: 401, then 429 while throttled. */
	private void failingUser() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.running) {
			send("failed_login", node(random).post("/auth/login", null,
					"{\"username\":\"mallory\",\"password\":\"wrong-" + random.nextInt(1000) + "\"}"));
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private Node node(ThreadLocalRandom random) {
		return this.nodes.get(random.nextInt(this.nodes.size()));
	}

	private HttpResponse<String> send(String kind, HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			count(kind, String.valueOf(response.statusCode()));
			return response;
		}
		catch (IOException ex) {
			count(kind, "io-error");
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private void count(String kind, String status) {
		this.answers.computeIfAbsent(kind + " " + status, (key) -> new LongAdder()).increment();
	}

	/** One node of the sample app, in its own JVM. */
	private static final class Node {

		private final String baseUrl;

		private final Process process;

		private String adminToken;

		private Node(String baseUrl, Process process) {
			this.baseUrl = baseUrl;
			this.process = process;
		}

		static Node start(int port, String url, String classpath) throws Exception {
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classpath,
					"dev.hybridauth.sample.SampleApplication", "--server.port=" + port,
					"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
					"--spring.datasource.password=postgres", "--spring.main.banner-mode=off",
					"--logging.level.root=WARN", "--hybrid-auth.session.initialize-schema=always",
					"--hybrid-auth.session.idle-timeout=1m", "--hybrid-auth.session.absolute-timeout=5m",
					"--hybrid-auth.session.touch-interval=10s", "--hybrid-auth.jwt.ttl=1m",
					"--hybrid-auth.cleanup.interval=30s", "--hybrid-auth.cleanup.retention=1m",
					"--hybrid-auth.login.throttle.window=2m",
					// every virtual user comes from 127.0.0.1
					"--hybrid-auth.login.throttle.address-max-failures=1000000",
					"--management.endpoints.web.exposure.include=health,hybridauth,metrics",
					// brought to the classpath by the load benchmark's alternatives
					"--spring.autoconfigure.exclude=org.springframework.boot.session.autoconfigure."
							+ "SessionAutoConfiguration,org.springframework.boot.session.jdbc.autoconfigure."
							+ "JdbcSessionAutoConfiguration",
					"--sample.users[0].username=admin", "--sample.users[0].password=admin-password",
					"--sample.users[0].roles=ROLE_USER,ROLE_ADMIN"));
			for (int i = 0; i < USERS; i++) {
				command.add("--sample.users[" + (i + 1) + "].username=user" + i);
				command.add("--sample.users[" + (i + 1) + "].password=" + PASSWORD);
				command.add("--sample.users[" + (i + 1) + "].roles=ROLE_USER");
			}
			File log = Path.of("target", "soak-node-" + port + ".log").toFile();
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(log))
				.start();
			Node node = new Node("http://127.0.0.1:" + port, process);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			while (true) {
				try {
					if (http.send(node.get("/api/ping", null), HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200) {
						return node;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				if (!process.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException("Node on port " + port + " did not start: see " + log);
				}
				Thread.sleep(500);
			}
		}

		HttpRequest get(String path, String bearer) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
				.timeout(Duration.ofSeconds(30));
			if (bearer != null) {
				request.header("Authorization", "Bearer " + bearer);
			}
			return request.build();
		}

		HttpRequest post(String path, String bearer, String body) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
				.timeout(Duration.ofSeconds(30))
				.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			if (bearer != null) {
				request.header("Authorization", "Bearer " + bearer);
			}
			return request.build();
		}

		/** The heap in use right after a full GC (requested through jcmd), in MB. */
		double heapAfterGcMegabytes() {
			try {
				Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
						String.valueOf(this.process.pid()), "GC.run")
					.redirectErrorStream(true)
					.start();
				jcmd.getInputStream().readAllBytes();
				jcmd.waitFor();
				return metric("jvm.memory.used?tag=area:heap") / (1024.0 * 1024.0);
			}
			catch (IOException ex) {
				return -1;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return -1;
			}
		}

		/** A metric's value through Actuator, as the admin; -1 when it cannot be read. */
		double metric(String name) {
			try {
				for (int attempt = 0; attempt < 2; attempt++) {
					if (this.adminToken == null) {
						HttpResponse<String> login = http.send(
								post("/auth/login", null, "{\"username\":\"admin\",\"password\":\"admin-password\"}"),
								HttpResponse.BodyHandlers.ofString());
						this.adminToken = json.readTree(login.body()).get("session_token").asString();
					}
					HttpResponse<String> response = http.send(get("/actuator/metrics/" + name, this.adminToken),
							HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
					if (response.statusCode() == 200) {
						return json.readTree(response.body()).get("measurements").get(0).get("value").asDouble();
					}
					this.adminToken = null;
				}
				return -1;
			}
			catch (IOException | RuntimeException ex) {
				return -1;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return -1;
			}
		}

		void stop() {
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
