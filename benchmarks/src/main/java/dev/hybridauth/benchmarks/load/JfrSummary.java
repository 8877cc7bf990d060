package dev.hybridauth.benchmarks.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of Tomcat's request threads in a JFR recording: the share of
 * samples in which each library's code is on the stack (inclusive), the methods most
 * often on top (self), and hybrid-auth's own methods by inclusive share. Usage:
 * {@code JfrSummary recording.jfr}.
 */
public final class JfrSummary {

	private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

	static {
		LIBRARIES.put("hybrid-auth", "dev.hybridauth.");
		LIBRARIES.put("Spring Security", "org.springframework.security.");
		LIBRARIES.put("Nimbus", "com.nimbusds.");
		LIBRARIES.put("Hibernate", "org.hibernate.");
		LIBRARIES.put("PostgreSQL JDBC", "org.postgresql.");
		LIBRARIES.put("HikariCP", "com.zaxxer.");
		LIBRARIES.put("Spring MVC", "org.springframework.web.");
		LIBRARIES.put("Jackson", "tools.jackson.");
		LIBRARIES.put("Tomcat", "org.apache.");
	}

	private JfrSummary() {
	}

	public static void main(String[] args) throws Exception {
		int total = 0;
		int own = 0;
		Map<String, Integer> libraries = new LinkedHashMap<>();
		Map<String, Integer> self = new java.util.HashMap<>();
		Map<String, Integer> ours = new java.util.HashMap<>();
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
				continue;
			}
			String thread = event.getThread("sampledThread").getJavaName();
			if (thread == null || !thread.startsWith("http-nio")) {
				continue;
			}
			total++;
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			if (!frames.isEmpty()) {
				self.merge(name(frames.get(0)), 1, Integer::sum);
			}
			if (isOwnWork(frames)) {
				own++;
			}
			for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
				if (frames.stream().anyMatch((frame) -> type(frame).startsWith(library.getValue()))) {
					libraries.merge(library.getKey(), 1, Integer::sum);
				}
			}
			frames.stream()
				.filter((frame) -> type(frame).startsWith("dev.hybridauth."))
				.map(JfrSummary::name)
				.distinct()
				.forEach((method) -> ours.merge(method, 1, Integer::sum));
		}
		System.out.printf("%d CPU samples on request threads%n%nOn the stack (inclusive):%n", total);
		int samples = total;
		System.out.printf(
				"  %-18s %5.1f %%  (hybrid-auth's own work: not the rest of the filter chain or the "
						+ "application's authorization rules that it calls)%n",
				"hybrid-auth own", 100.0 * own / samples);
		libraries
			.forEach((library, count) -> System.out.printf("  %-18s %5.1f %%%n", library, 100.0 * count / samples));
		System.out.println("\nOn top (self), the first 25:");
		print(self, samples, 25);
		System.out.println("\nhybrid-auth's methods (inclusive), the first 25:");
		print(ours, samples, 25);
	}

	/**
	 * Whether the sample is in hybrid-auth's own work: a hybrid-auth frame on the stack,
	 * and above it neither the next filter of the chain nor an authorization rule of the
	 * application that hybrid-auth calls on to.
	 */
	private static boolean isOwnWork(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = type(frame);
			if (type.startsWith("dev.hybridauth.") && !type.startsWith("dev.hybridauth.sample.")) {
				return true;
			}
			String method = frame.getMethod().getName();
			if (method.startsWith("doFilter") || (method.equals("invoke") && type.startsWith("org.apache.catalina"))
					|| type.startsWith("org.springframework.security.authorization.")
					|| type.startsWith("org.springframework.security.web.access.")) {
				return false;
			}
		}
		return false;
	}

	private static void print(Map<String, Integer> counts, int total, int limit) {
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(limit)
			.forEach(
					(entry) -> System.out.printf("  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
	}

	private static String type(RecordedFrame frame) {
		return frame.getMethod().getType().getName();
	}

	private static String name(RecordedFrame frame) {
		return type(frame) + "." + frame.getMethod().getName();
	}

}
