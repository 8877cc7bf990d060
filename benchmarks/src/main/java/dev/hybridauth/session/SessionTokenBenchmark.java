package dev.hybridauth.session;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Session token generation (256 bits from SecureRandom) and the hash that every session
 * lookup computes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionTokenBenchmark {

	private final String token = SessionTokens.newToken();

	@Benchmark
	public String generate() {
		return SessionTokens.newToken();
	}

	@Benchmark
	public String hash() {
		return SessionTokens.hash(this.token);
	}

}
