package dev.hybridauth.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes docs/benchmarks.md and docs/benchmarks.png from the JMH results and the load
 * results of one run. Arguments: the JMH JSON file, the load JSON file, the docs
 * directory, the analysis text to include, a line that describes the machine, and the
 * revocation feed's delay and memory JSON files. With {@code --revocation-section} and
 * the JMH, load, delay and memory JSON files, it prints only the revocation feed section,
 * for a run of the feed's parts alone.
 */
public final class Report {

	private static final Map<String, String> LABELS = new LinkedHashMap<>();

	static {
		LABELS.put("V0", "V0 no authentication (GET /api/ping)");
		LABELS.put("V0h", "V0h no authentication, a header as long as the JWT");
		LABELS.put("V0db", "V0db no authentication, one SELECT by primary key (JDBC)");
		LABELS.put("V0sign", "V0sign no authentication, one JWT signed, one UPDATE");
		LABELS.put("V1", "V1 bearer JWT");
		LABELS.put("V1off", "V1off bearer JWT, revocation feed off");
		LABELS.put("V2", "V2 JWT cookie");
		LABELS.put("V3", "V3 session token, PostgreSQL (live)");
		LABELS.put("V3h2", "V3h2 session token, in-memory H2 (statements not counted)");
		LABELS.put("V3c", "V3c session cookie alone (refresh reused within the window)");
		LABELS.put("V3c0", "V3c0 session cookie alone, reuse off (a refresh each time)");
		LABELS.put("V4", "V4 sensitive route (POST /api/transfers, JWT)");
		LABELS.put("V5", "V5 refresh (POST /auth/refresh), reuse off: each signs");
		LABELS.put("V5r", "V5r refresh within the reuse window (JWT reused)");
		LABELS.put("SSJ", "Spring Session JDBC + Spring Security, cookie");
		LABELS.put("RS", "OAuth2 resource server (NimbusJwtDecoder), same JWT");
	}

	private Report() {
	}

	/** The most bytes the revocation view may take per entry. */
	private static final double VIEW_BYTES_PER_ENTRY_TARGET = 200;

	/** The contract's bound, {@code hybrid-auth.revocation.max-delay}, in ms. */
	private static final double MAX_DELAY_MILLIS = 2000;

	/** The least ratio of the JWT path with 100,000 view entries to the feed off. */
	private static final double VIEW_100K_RATIO_TARGET = 0.97;

	public static void main(String[] args) throws Exception {
		JsonMapper json = JsonMapper.builder().build();
		if (args[0].equals("--revocation-section")) {
			StringBuilder section = new StringBuilder();
			revocationSection(section, read(json, args[1]), read(json, args[2]), read(json, args[3]),
					read(json, args[4]));
			System.out.print(section);
			return;
		}
		JsonNode jmh = json.readTree(Files.readString(Path.of(args[0])));
		JsonNode load = json.readTree(Files.readString(Path.of(args[1])));
		Path docs = Path.of(args[2]);
		String analysis = Files.exists(Path.of(args[3])) ? Files.readString(Path.of(args[3])) : "";
		String machine = args[4];

		JsonNode runs = load.get("runs");
		double v0 = runs.get("V0").get("rps").asDouble();
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Measured on ").append(LocalDate.now()).append(" on ").append(machine).append(".\n\n");
		md.append(
				"Everything below comes from one command, `benchmarks/run.sh`, which builds the project, runs the JMH "
						+ "benchmarks, the load benchmark, the warm-up and the revocation feed's benchmarks and rewrites "
						+ "this page and its chart; the soak at the end comes from `benchmarks/soak.sh`, and the profiles "
						+ "the analysis quotes from `benchmarks/profile.sh <variant>`.\n\n");

		md.append("## Load: every path against the no-auth baseline and the usual alternatives\n\n");
		md.append(
				"The sample app (hybrid-auth), Spring Session JDBC with Spring Security, and Spring Security's OAuth2 "
						+ "resource server run in one JVM with one embedded PostgreSQL 14, pinned to CPU 0; wrk (1 thread, "
						+ "16 connections) runs pinned to CPU 1, on loopback. Each variant runs for ")
			.append(load.get("seconds").asInt())
			.append(" s per pass in ")
			.append(load.get("passes").asInt())
			.append(" interleaved passes after two warm-up passes; the figures are medians, and the ratio is to V0 of "
					+ "the same run. Statements are counted by PostgreSQL (`pg_stat_statements`) over 200 "
					+ "sequential requests per variant, on the applications' tables (the revocation feeds' reads of "
					+ "the log, on their own schedule, are left out). Further instances of the sample app serve V1off "
					+ "(`hybrid-auth.revocation.enabled=false`), V3h2 (in-memory H2) and V3c0 and V5 "
					+ "(`hybrid-auth.refresh.reuse-window=0`: every refresh signs). V0db and V0sign are the physical "
					+ "limits of the paths that read or sign: the unauthenticated request plus one `SELECT` by primary "
					+ "key through plain JDBC, or plus one session JWT signed with the application's key and one "
					+ "`UPDATE` by primary key (`Baselines`, in the benchmark only).\n\n");
		md.append("![Requests per second per path](benchmarks.png)\n\n");
		md.append("| variant | requests/s | ratio to V0 | p50 | p99 | SELECT/req | UPDATE/req | INSERT/req |\n");
		md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		JsonNode statements = load.get("statements");
		for (String id : measured(runs)) {
			JsonNode run = runs.get(id);
			JsonNode counted = statements.get(id);
			md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f ms | %.2f ms | %.2f | %.2f | %.2f |%n",
					LABELS.get(id), run.get("rps").asDouble(), run.get("rps").asDouble() / v0,
					run.get("p50_ms").asDouble(), run.get("p99_ms").asDouble(), counted.get("selects").asDouble(),
					counted.get("updates").asDouble(), counted.get("inserts").asDouble()));
		}
		JsonNode scale = load.get("sessions_1m");
		double v3k = runs.get("V3").get("rps").asDouble();
		double v3m = scale.get("V3").get("rps").asDouble();
		md.append("\n**Scale.** The session path (V3) with 1,000 stored sessions: ")
			.append(String.format(Locale.ROOT, "%,.0f", v3k))
			.append(" requests/s; with ")
			.append(String.format(Locale.ROOT, "%,d", load.get("stored_sessions_after_scale").asLong()))
			.append(" stored sessions: ")
			.append(String.format(Locale.ROOT, "%,.0f", v3m))
			.append(" requests/s (")
			.append(String.format(Locale.ROOT, "%.2f", v3m / v3k))
			.append(" of itself; V0 in the same passes: ")
			.append(String.format(Locale.ROOT, "%,.0f", scale.get("V0").get("rps").asDouble()))
			.append(" requests/s).\n\n");

		md.append("### Targets\n\n| target | measured | |\n| --- | --- | --- |\n");
		double v1 = runs.get("V1").get("rps").asDouble() / v0;
		double ssj = runs.get("SSJ").get("rps").asDouble();
		double v2 = runs.get("V2").get("rps").asDouble() / v0;
		target(md, "V1 ≥ 0.95 × V0", String.format(Locale.ROOT, "%.2f", v1), v1 >= 0.95);
		target(md, "V2 ≥ 0.95 × V0", String.format(Locale.ROOT, "%.2f", v2), v2 >= 0.95);
		if (runs.has("V3h2")) {
			double v3h2 = runs.get("V3h2").get("rps").asDouble() / v0;
			target(md, "V3 on in-memory H2 (V3h2) ≥ 0.8 × V0", String.format(Locale.ROOT, "%.2f", v3h2), v3h2 >= 0.8);
		}
		if (runs.has("V0db")) {
			double db = runs.get("V0db").get("rps").asDouble();
			double v4 = runs.get("V4").get("rps").asDouble();
			target(md, "V3 ≥ 0.8 × V0db (its physical limit: one SELECT)", String.format(Locale.ROOT, "%.2f", v3k / db),
					v3k / db >= 0.8);
			target(md, "V4 ≥ 0.8 × V0db", String.format(Locale.ROOT, "%.2f", v4 / db), v4 / db >= 0.8);
		}
		if (runs.has("V0sign")) {
			double sign = runs.get("V0sign").get("rps").asDouble();
			double v5 = runs.get("V5").get("rps").asDouble();
			target(md, "V5 ≥ 0.7 × V0sign (its physical limit: one signature, one UPDATE)",
					String.format(Locale.ROOT, "%.2f", v5 / sign), v5 / sign >= 0.7);
		}
		target(md, "V3 ≥ 2 × Spring Session JDBC", String.format(Locale.ROOT, "%.2f ×", v3k / ssj), v3k / ssj >= 2);
		double jwtStatements = statements.get("V1").get("selects").asDouble()
				+ statements.get("V1").get("updates").asDouble() + statements.get("V2").get("selects").asDouble();
		target(md, "JWT path: 0 statements per request", String.format(Locale.ROOT, "%.2f", jwtStatements),
				jwtStatements == 0);
		double v3Selects = statements.get("V3").get("selects").asDouble();
		double v3Updates = statements.get("V3").get("updates").asDouble();
		target(md, "session path: 1 SELECT, ≤ 1 UPDATE per session per touch interval",
				String.format(Locale.ROOT, "%.2f SELECT, %.2f UPDATE per request", v3Selects, v3Updates),
				v3Selects == 1.0 && v3Updates <= 0.01);
		target(md, "V3 at 1M sessions ≥ 0.9 × V3 at 1k", String.format(Locale.ROOT, "%.2f", v3m / v3k),
				v3m / v3k >= 0.9);
		md.append('\n');

		revocationSection(md, jmh, load, (args.length > 5) ? read(json, args[5]) : null,
				(args.length > 6) ? read(json, args[6]) : null);

		md.append("## Micro-benchmarks (JMH)\n\n");
		md.append("1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, average time per operation.\n\n");
		md.append("| benchmark | parameters | time |\n| --- | --- | ---: |\n");
		for (JsonNode result : jmh) {
			String benchmark = result.get("benchmark").asString();
			// the class and method, without the package
			String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
			List<String> params = new ArrayList<>();
			if (result.has("params")) {
				result.get("params").properties().forEach((entry) -> params.add(entry.getValue().asString()));
			}
			JsonNode metric = result.get("primaryMetric");
			md.append(String.format(Locale.ROOT, "| %s | %s | %.2f ± %.2f %s |%n", name, String.join(", ", params),
					metric.get("score").asDouble(), metric.get("scoreError").asDouble(),
					metric.get("scoreUnit").asString()));
		}
		md.append('\n').append(analysis);
		// the warm-up and the soak (benchmarks/soak.sh, on its own) write their sections
		for (Path section : List.of(Path.of("warm-up.md"), Path.of("soak.md"))) {
			if (Files.exists(section)) {
				md.append('\n').append(Files.readString(section));
			}
		}
		Files.writeString(docs.resolve("benchmarks.md"), md.toString());
		chart(runs, docs.resolve("benchmarks.png"));
	}

	/**
	 * The revocation feed: the delay from a logout on one node to another node's view per
	 * delivery mode, the view's memory, its lookup (JMH), and the JWT path with 100,000
	 * entries in the view against the feed off, each against its target.
	 */
	private static void revocationSection(StringBuilder md, JsonNode jmh, JsonNode load, JsonNode delay,
			JsonNode memory) {
		md.append("## Revocation feed\n\n");
		StringBuilder targets = new StringBuilder();
		md.append("**Delay.** ");
		if (delay == null) {
			md.append("Not measured in this run.\n\n");
		}
		else {
			md.append("Two nodes of the sample app on one embedded PostgreSQL 14, per delivery mode. Each of ")
				.append(delay.get("revocations_per_mode").asInt())
				.append(" revocations per mode (after ")
				.append(delay.get("warm_up").asInt())
				.append(" not counted) logs in on node A over HTTP, waits a random 0 to 1000 ms, logs out on A, and "
						+ "checks node B's `RevocationView` in-process every ")
				.append(String.format(Locale.ROOT, "%.1f", delay.get("check_interval_ms").asDouble()))
				.append(" ms until it refuses the JWT. The clock starts just before the logout request is sent, so "
						+ "each delay includes the logout's own request and transaction. "
						+ "(`RevocationDelayBenchmark`)");
			if (!delay.get("listen_property_supported").asBoolean()) {
				md.append(" **This build has no `hybrid-auth.revocation.listen` property: both modes polled.**");
			}
			md.append("\n\n| mode | revocations | median | p90 | p99 | max | timed out (> ")
				.append(delay.get("timeout_ms").asLong() / 1000)
				.append(" s) | the logout's response (median) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
			for (Map.Entry<String, JsonNode> entry : delay.get("modes").properties()) {
				JsonNode mode = entry.getValue();
				String name = entry.getKey() + " (`listen=" + mode.get("listen").asBoolean() + "`, poll interval "
						+ mode.get("poll_interval").asString() + ")";
				md.append(String.format(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %s |%n",
						name, mode.get("count").asInt(), mode.get("median_ms").asDouble(),
						mode.get("p90_ms").asDouble(), mode.get("p99_ms").asDouble(), mode.get("max_ms").asDouble(),
						mode.get("timeouts").asInt(), mode.has("logout_response_median_ms") ? String.format(Locale.ROOT,
								"%.1f ms", mode.get("logout_response_median_ms").asDouble()) : "–"));
				double max = mode.get("max_ms").asDouble();
				boolean met = mode.get("timeouts").asInt() == 0 && max <= MAX_DELAY_MILLIS;
				target(targets,
						entry.getKey() + ": every revocation on B within `hybrid-auth.revocation.max-delay` (2 s)",
						String.format(Locale.ROOT, "max %.0f ms, %d timed out", max, mode.get("timeouts").asInt()),
						met);
			}
			md.append('\n');
		}

		md.append("**Memory.** ");
		if (memory == null) {
			md.append("Not measured in this run.\n\n");
		}
		else {
			md.append("The retained size of one `RevocationView` (")
				.append(memory.get("method").asString())
				.append("; ")
				.append(memory.get("vm").asString())
				.append("; empty: ")
				.append(memory.get("empty_bytes").asLong())
				.append(" bytes). (`RevocationMemoryBenchmark`)\n\n");
			md.append("| the view holds | bytes | per entry |\n| --- | ---: | ---: |\n");
			for (String kind : List.of("sessions", "users")) {
				JsonNode entry = memory.get(kind);
				String what = String.format(Locale.ROOT, "%,d %s: %s", entry.get("entries").asInt(),
						kind.equals("sessions") ? "revoked sessions" : "users' not-before times",
						entry.get("ids").asString());
				double perEntry = entry.get("bytes_per_entry").asDouble();
				md.append(String.format(Locale.ROOT, "| %s | %,d (%.1f MB) | %.0f B |%n", what,
						entry.get("bytes").asLong(), entry.get("bytes").asLong() / 1e6, perEntry));
				target(targets,
						"view memory, " + kind + ": ≤ "
								+ String.format(Locale.ROOT, "%.0f", VIEW_BYTES_PER_ENTRY_TARGET) + " B per entry",
						String.format(Locale.ROOT, "%.0f B", perEntry), perEntry <= VIEW_BYTES_PER_ENTRY_TARGET);
			}
			md.append('\n');
		}

		List<String> lookups = new ArrayList<>();
		for (JsonNode result : (jmh != null) ? jmh : List.<JsonNode>of()) {
			String benchmark = result.get("benchmark").asString();
			if (benchmark.contains("RevocationViewBenchmark")) {
				String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
				String entries = result.has("params") ? result.get("params").get("entries").asString() : "100000";
				JsonNode metric = result.get("primaryMetric");
				lookups.add(String.format(Locale.ROOT, "%s with %,d entries: %.1f %s",
						method.equals("revokedHit") ? "a revoked session found" : "a JWT not revoked",
						Long.parseLong(entries), metric.get("score").asDouble(), metric.get("scoreUnit").asString()));
			}
		}
		if (!lookups.isEmpty()) {
			md.append("**Lookup** (JMH, `RevocationViewBenchmark`): ")
				.append(String.join("; ", lookups))
				.append(".\n\n");
		}

		md.append("**Load.** ");
		JsonNode full = (load != null) ? load.get("revocation_100k") : null;
		if (full == null || !full.has("v1v_to_v1off")) {
			md.append("Not measured in this run.\n\n");
		}
		else {
			JsonNode runs = full.get("runs");
			md.append("After the passes above, ")
				.append(String.format(Locale.ROOT, "%,d", full.get("inserted_rows").asInt()))
				.append(" `SESSION` rows are inserted into `hybrid_auth_revocation` and the feed of the app on 8080 "
						+ "reads them into its view (")
				.append(String.format(Locale.ROOT, "%,d", full.get("view_size").asInt()))
				.append(" entries). V1v, the bearer JWT on that app, then runs in the same interleaved passes as V1off, "
						+ "the same JWT path on a second sample app with `hybrid-auth.revocation.enabled=false`")
				.append(full.get("feed_off_has_view").asBoolean()
						? " (**which this build ignores: that app has a view and a feed too**)" : " (no view, no feed)")
				.append(", and V0.\n\n");
			md.append("| variant | requests/s | ratio to V0 | p50 | p99 |\n| --- | ---: | ---: | ---: | ---: |\n");
			double v0 = runs.get("V0").get("rps").asDouble();
			for (String id : List.of("V0", "V1off", "V1v")) {
				JsonNode run = runs.get(id);
				md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f ms | %.2f ms |%n",
						id.equals("V1v") ? "V1v bearer JWT, 100,000 entries in the view" : LABELS.get(id),
						run.get("rps").asDouble(), run.get("rps").asDouble() / v0, run.get("p50_ms").asDouble(),
						run.get("p99_ms").asDouble()));
			}
			double ratio = full.get("v1v_to_v1off").asDouble();
			List<String> perPass = new ArrayList<>();
			full.get("v1v_to_v1off_per_pass")
				.forEach((pass) -> perPass.add(String.format(Locale.ROOT, "%.2f", pass.asDouble())));
			md.append("\nV1v / V1off: ")
				.append(String.format(Locale.ROOT, "%.3f", ratio))
				.append(" (per pass: ")
				.append(String.join(", ", perPass))
				.append(").\n\n");
			target(targets,
					"V1v (100,000 entries in the view) ≥ " + String.format(Locale.ROOT, "%.2f", VIEW_100K_RATIO_TARGET)
							+ " × V1off (feed off)",
					String.format(Locale.ROOT, "%.3f", ratio), ratio >= VIEW_100K_RATIO_TARGET);
		}

		if (!targets.isEmpty()) {
			md.append("### Targets of the revocation feed\n\n| target | measured | |\n| --- | --- | --- |\n")
				.append(targets)
				.append('\n');
		}
	}

	/**
	 * The ids of {@link #LABELS} that the run measured.
	 */
	private static List<String> measured(JsonNode runs) {
		return LABELS.keySet().stream().filter(runs::has).toList();
	}

	private static JsonNode read(JsonMapper json, String file) throws IOException {
		Path path = Path.of(file);
		return Files.exists(path) ? json.readTree(Files.readString(path)) : null;
	}

	private static void target(StringBuilder md, String target, String measured, boolean met) {
		md.append("| ")
			.append(target)
			.append(" | ")
			.append(measured)
			.append(" | ")
			.append(met ? "met" : "**missed**")
			.append(" |\n");
	}

	private static void chart(JsonNode runs, Path file) throws Exception {
		int width = 1100;
		int rowHeight = 34;
		int left = 470;
		int top = 50;
		List<String> ids = measured(runs);
		int height = top + rowHeight * ids.size() + 30;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(new Color(0x1d2433));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		g.drawString("Requests per second (median of interleaved passes; higher is better)", 20, 28);
		double max = 0;
		for (String id : ids) {
			max = Math.max(max, runs.get(id).get("rps").asDouble());
		}
		double scale = (width - left - 90) / max;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int row = 0;
		for (String id : ids) {
			double rps = runs.get(id).get("rps").asDouble();
			int y = top + row * rowHeight;
			boolean alternative = id.equals("SSJ") || id.equals("RS");
			g.setColor(new Color(0x1d2433));
			g.drawString(LABELS.get(id), 20, y + 20);
			g.setColor(id.startsWith("V0") ? new Color(0x9aa4b8)
					: alternative ? new Color(0xf59e0b) : new Color(0x2f5bea));
			g.fillRect(left, y + 6, (int) (rps * scale), rowHeight - 12);
			g.setColor(new Color(0x1d2433));
			g.drawString(String.format(Locale.ROOT, "%,.0f", rps), left + (int) (rps * scale) + 6, y + 21);
			row++;
		}
		double v0 = runs.get("V0").get("rps").asDouble();
		g.setColor(new Color(0xb42318));
		g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 5, 4 }, 0));
		int x = left + (int) (v0 * scale);
		g.drawLine(x, top, x, top + rowHeight * ids.size());
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

}
