package dev.hybridauth.benchmarks.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.hybridauth.revocation.RevocationView;
import org.openjdk.jol.info.GraphLayout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The memory a node's revocation view retains: 100,000 revoked sessions (ids in the real
 * format: 128 random bits, base64url), and separately 100,000 users' not-before times,
 * measured with JOL (the retained object graph of the view, without its clock). Writes
 * the bytes in total and per entry to {@code target/revocation-memory.json}.
 */
public final class RevocationMemoryBenchmark {

	/** The default JWT lifetime and clock skew: how long the view keeps an entry. */
	private static final Duration RETENTION = Duration.ofMinutes(5).plusSeconds(30);

	private static final SecureRandom random = new SecureRandom();

	private RevocationMemoryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int entries = Integer.parseInt(System.getProperty("bench.entries", "100000"));
		Path output = Path.of(System.getProperty("bench.output", "target/revocation-memory.json"));
		Clock clock = Clock.systemUTC();
		Instant now = clock.instant();

		RevocationView empty = new RevocationView(RETENTION, clock);
		RevocationView sessions = new RevocationView(RETENTION, clock);
		for (int i = 0; i < entries; i++) {
			// the view keeps its own instant per session: the revocation time plus the
			// retention
			sessions.sessionRevoked(sessionId(), now);
		}
		RevocationView users = new RevocationView(RETENTION, clock);
		for (int i = 0; i < entries; i++) {
			// one instant per row, as the feed reads them from the database
			users.userChanged(String.format(Locale.ROOT, "user%06d@example.com", i),
					Instant.ofEpochSecond(now.getEpochSecond(), now.getNano()));
		}
		if (sessions.size() != entries || users.size() != entries) {
			throw new IllegalStateException(
					"Expected " + entries + " entries, got " + sessions.size() + " and " + users.size());
		}

		Map<String, Object> results = new LinkedHashMap<>();
		results.put("method", "JOL " + jolVersion() + ": GraphLayout.parseInstance(view).totalSize(), the clock's "
				+ "graph subtracted");
		results.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
				+ ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
		results.put("empty_bytes", retainedSize(empty, clock));
		results.put("sessions",
				entry(sessions, clock, entries, "session ids of 22 characters (128 random bits, base64url)"));
		results.put("users", entry(users, clock, entries, "user ids of 22 characters (user000000@example.com)"));
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output,
				JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(results));
		System.out.println(Files.readString(output));
		System.out.println("Revocation view memory written to " + output.toAbsolutePath());
	}

	private static Map<String, Object> entry(RevocationView view, Clock clock, int entries, String ids) {
		long bytes = retainedSize(view, clock);
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("entries", entries);
		entry.put("bytes", bytes);
		entry.put("bytes_per_entry", (double) bytes / entries);
		entry.put("ids", ids);
		return entry;
	}

	/**
	 * The bytes of every object reachable from the view, but those of the clock (a shared
	 * singleton).
	 */
	private static long retainedSize(RevocationView view, Clock clock) {
		return GraphLayout.parseInstance(view).subtract(GraphLayout.parseInstance(clock)).totalSize();
	}

	private static String jolVersion() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = GraphLayout.class
			.getResourceAsStream("/META-INF/maven/org.openjdk.jol/jol-core/pom.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		return properties.getProperty("version", "(unknown version)");
	}

	private static String sessionId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
