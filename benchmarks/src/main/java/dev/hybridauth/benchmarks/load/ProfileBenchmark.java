package dev.hybridauth.benchmarks.load;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Records a JFR profile of the sample app under one variant's load: a fresh sample app
 * (its own JVM, pinned to CPU 0) is loaded for {@code bench.warm-up-seconds} (60), then
 * recorded with JFR's {@code profile} settings for {@code bench.seconds} (20) under the
 * same load. Usage: {@code ProfileBenchmark V1 target/v1.jfr}.
 */
public final class ProfileBenchmark {

	private ProfileBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String id = args[0];
		Path recording = Path.of(args[1]).toAbsolutePath();
		int warmUp = Integer.parseInt(System.getProperty("bench.warm-up-seconds", "60"));
		int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
		String wrkCore = System.getProperty("bench.wrk-core", "1");
		int status = 0;
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			Process server = WarmUpBenchmark.startServer(postgres.getJdbcUrl("postgres", "postgres"),
					System.getProperty("java.class.path"), List.of(), properties(id));
			try {
				LoadBenchmark.Variant variant = WarmUpBenchmark.variant(id);
				LoadBenchmark.wrk(variant, warmUp, wrkCore);
				jcmd(server, "JFR.start", "name=profile", "settings=" + settings());
				LoadBenchmark.wrk(variant, seconds, wrkCore);
				jcmd(server, "JFR.dump", "name=profile", "filename=" + recording);
				System.out.println("Profile of " + id + " written to " + recording);
			}
			finally {
				server.destroy();
				if (!server.waitFor(20, TimeUnit.SECONDS)) {
					server.destroyForcibly();
				}
			}
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	/**
	 * JFR's {@code profile} settings with the Java method sampled every millisecond
	 * instead of every 10 ms: enough samples of a 40 µs request in 20 s.
	 */
	private static Path settings() throws java.io.IOException {
		Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
		String settings = java.nio.file.Files.readString(profile)
			.replace("<setting name=\"period\" control=\"method-sampling-java-interval\">10 ms</setting>",
					"<setting name=\"period\" control=\"method-sampling-java-interval\">1 ms</setting>");
		Path file = Path.of("target", "profile-1ms.jfc").toAbsolutePath();
		java.nio.file.Files.writeString(file, settings);
		return file;
	}

	// as in the load benchmark: every refresh signs
	private static List<String> properties(String id) {
		return id.equals("V5") ? List.of("hybrid-auth.refresh.reuse-window=0") : List.of();
	}

	private static void jcmd(Process server, String... command) throws Exception {
		List<String> all = new java.util.ArrayList<>(List
			.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(server.pid())));
		all.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(all).redirectErrorStream(true).start();
		String out = new String(jcmd.getInputStream().readAllBytes());
		if (jcmd.waitFor() != 0) {
			throw new IllegalStateException("jcmd failed: " + out);
		}
	}

}
