package dev.hybridauth.benchmarks.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;

/**
 * Writes the soak's section of docs/benchmarks.md and its chart: one panel per measure
 * over the run's minutes.
 */
public final class SoakReport {

	private static final Color[] COLORS = { new Color(0x2f5bea), new Color(0xf59e0b), new Color(0xb42318),
			new Color(0x12b76a) };

	private SoakReport() {
	}

	/**
	 * Writes the section and the chart again from a soak's results.
	 * @param args the results ({@code target/soak.json}), the section and the chart
	 * @throws IOException when a file cannot be read or written
	 */
	public static void main(String[] args) throws IOException {
		write(tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0]))),
				Path.of(args[1]), Path.of(args[2]));
	}

	static void write(JsonNode result, Path markdown, Path chart) throws IOException {
		JsonNode samples = result.get("samples");
		StringBuilder md = new StringBuilder();
		md.append("## Soak\n\n");
		md.append("`benchmarks/soak.sh` (not part of `verify`): two nodes of the sample app, each its own JVM ")
			.append("(`-Xmx256m`), on one embedded PostgreSQL, for ")
			.append(result.get("minutes").asInt())
			.append(" minutes with the cleanup (every 30 s, retention 1 min) and the revocation feed running. ")
			.append(result.get("virtual_users").asInt())
			.append(" virtual users each log in as one of 20 users on either node, make 20 to 60 requests with ")
			.append("2 ms between them (the JWT on either node, every 10th a sensitive route, every 15th the ")
			.append("session token, every 25th a refresh), then log out (4 in 5) or leave the session to expire ")
			.append("(idle timeout 1 min, JWT lifetime 1 min). 2.5 s after each logout the other node must refuse ")
			.append("the logged-out JWT. One more client tries a wrong password every 0.5 s (`401`, then `429` ")
			.append("while throttled). Every ")
			.append((samples.size() > 1)
					? samples.get(1).get("seconds").asLong() - samples.get(0).get("seconds").asLong() : 0)
			.append(" s the run records the answers, each node's heap after a full GC (`jcmd GC.run`, then ")
			.append("`jvm.memory.used`), the sessions table, the revocation log and each node's view, and the ")
			.append("login throttle's rows.\n\n");
		md.append("![The soak over time](soak.png)\n\n");
		md.append("| request | answers |\n| --- | --- |\n");
		Map<String, List<String>> byKind = new LinkedHashMap<>();
		result.get("answers").properties().forEach((entry) -> {
			String kind = entry.getKey().substring(0, entry.getKey().indexOf(' '));
			String status = entry.getKey().substring(entry.getKey().indexOf(' ') + 1);
			byKind.computeIfAbsent(kind, (k) -> new ArrayList<>())
				.add(String.format(Locale.ROOT, "%s × %,d", status, entry.getValue().asLong()));
		});
		byKind.forEach((kind, statuses) -> md.append("| ")
			.append(kind)
			.append(" | ")
			.append(String.join(", ", statuses))
			.append(" |\n"));
		long unexpected = 0;
		for (JsonNode sample : samples) {
			for (Map.Entry<String, JsonNode> entry : sample.get("unexpected").properties()) {
				unexpected += entry.getValue().asLong();
			}
		}
		md.append('\n');
		md.append(String.format(Locale.ROOT, "Unexpected answers over the run: %,d.", unexpected));
		JsonNode first = samples.get(0);
		JsonNode last = samples.get(samples.size() - 1);
		md.append(String.format(Locale.ROOT,
				" From the first sample to the last: sessions table %,d → %,d rows (most %,d), revocation log %,d → "
						+ "%,d rows (most %,d), throttle %,d → %,d rows, heap after GC %s → %s MB, requests %,.0f/s → "
						+ "%,.0f/s.%n%n",
				first.get("sessions").asLong(), last.get("sessions").asLong(), max(samples, "sessions"),
				first.get("revocation_log").asLong(), last.get("revocation_log").asLong(),
				max(samples, "revocation_log"), first.get("throttle_rows").asLong(), last.get("throttle_rows").asLong(),
				megabytes(first), megabytes(last), first.get("requests_per_second").asDouble(),
				last.get("requests_per_second").asDouble()));
		Files.writeString(markdown, md.toString());
		chart(samples, chart);
	}

	private static long max(JsonNode samples, String field) {
		long max = 0;
		for (JsonNode sample : samples) {
			max = Math.max(max, sample.get(field).asLong());
		}
		return max;
	}

	private static String megabytes(JsonNode sample) {
		List<String> values = new ArrayList<>();
		sample.get("heap_after_gc_mb")
			.forEach((value) -> values.add(String.format(Locale.ROOT, "%.0f", value.asDouble())));
		return String.join(" / ", values);
	}

	private static void chart(JsonNode samples, Path file) throws IOException {
		List<Panel> panels = List.of(
				new Panel("Requests per second (all nodes)",
						Map.of("requests/s", (s) -> s.get("requests_per_second").asDouble())),
				new Panel("Unexpected answers per sample", Map.of("unexpected", SoakReport::unexpected)),
				new Panel("Heap after a full GC (MB)",
						Map.of("node 1", (s) -> s.get("heap_after_gc_mb").get(0).asDouble(), "node 2",
								(s) -> s.get("heap_after_gc_mb").get(1).asDouble())),
				new Panel("Sessions table (rows)",
						Map.of("all rows", (s) -> s.get("sessions").asDouble(), "live",
								(s) -> s.get("live_sessions").asDouble())),
				new Panel("Revocation log (rows) and views (entries)",
						Map.of("log", (s) -> s.get("revocation_log").asDouble(), "view node 1",
								(s) -> s.get("revocation_view").get(0).asDouble(), "view node 2",
								(s) -> s.get("revocation_view").get(1).asDouble())),
				new Panel("Login throttle (rows)", Map.of("rows", (s) -> s.get("throttle_rows").asDouble())));
		int width = 1000;
		int panelHeight = 170;
		BufferedImage image = new BufferedImage(width, panelHeight * panels.size() + 30, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		double seconds = samples.get(samples.size() - 1).get("seconds").asDouble();
		for (int p = 0; p < panels.size(); p++) {
			panel(g, panels.get(p), samples, seconds, 70, p * panelHeight + 10, width - 110, panelHeight - 50);
		}
		g.setColor(new Color(0x1d2433));
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString("minutes", width / 2, image.getHeight() - 8);
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private static double unexpected(JsonNode sample) {
		double sum = 0;
		for (Map.Entry<String, JsonNode> entry : sample.get("unexpected").properties()) {
			sum += entry.getValue().asDouble();
		}
		return sum;
	}

	private static void panel(Graphics2D g, Panel panel, JsonNode samples, double seconds, int left, int top, int width,
			int height) {
		double max = 1;
		for (JsonNode sample : samples) {
			for (Function<JsonNode, Double> series : panel.series().values()) {
				max = Math.max(max, series.apply(sample));
			}
		}
		max = max * 1.1;
		g.setColor(new Color(0x1d2433));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString(panel.title(), left, top + 14);
		int plotTop = top + 24;
		g.setColor(new Color(0xd0d5dd));
		g.drawRect(left, plotTop, width, height);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		g.setColor(new Color(0x475467));
		g.drawString(String.format(Locale.ROOT, "%,.0f", max), 5, plotTop + 10);
		g.drawString("0", 5, plotTop + height);
		for (int minute = 0; minute <= seconds / 60; minute++) {
			int x = left + (int) (minute * 60 / seconds * width);
			g.drawString(String.valueOf(minute), x - 3, plotTop + height + 13);
		}
		int legend = left + 400;
		int color = 0;
		for (Map.Entry<String, Function<JsonNode, Double>> series : new java.util.TreeMap<>(panel.series())
			.entrySet()) {
			g.setColor(COLORS[color++ % COLORS.length]);
			g.setStroke(new BasicStroke(2f));
			int previousX = -1;
			int previousY = -1;
			for (JsonNode sample : samples) {
				int x = left + (int) (sample.get("seconds").asDouble() / seconds * width);
				int y = plotTop + height - (int) (Math.max(0, series.getValue().apply(sample)) / max * height);
				if (previousX >= 0) {
					g.drawLine(previousX, previousY, x, y);
				}
				g.fillOval(x - 2, y - 2, 4, 4);
				previousX = x;
				previousY = y;
			}
			g.drawString(series.getKey(), legend, top + 14);
			legend += 110;
		}
	}

	private record Panel(String title, Map<String, Function<JsonNode, Double>> series) {
	}

}
