package dev.hybridauth.revocation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The revocation view's lookup, which the JWT path makes on every request: a JWT that is
 * not revoked (the common case) against an empty view and against 100,000 revoked
 * sessions, and a JWT whose session is among 100,000 revoked ones. Session ids have the
 * real format (128 random bits, base64url); the clock is the system clock, as in the
 * application.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevocationViewBenchmark {

	private static final String USER = "alice";

	private static final SecureRandom RANDOM = new SecureRandom();

	@Benchmark
	public boolean notRevoked(Sized state) {
		return state.view.isRevoked(state.liveSessionId, USER, state.issuedAt);
	}

	@Benchmark
	public boolean revokedHit(Full state) {
		return state.view.isRevoked(state.revokedSessionId, USER, state.issuedAt);
	}

	static RevocationView fill(int entries) {
		// the default JWT lifetime and clock skew
		RevocationView view = new RevocationView(Duration.ofMinutes(5).plusSeconds(30), Clock.systemUTC());
		Instant now = Instant.now();
		for (int i = 0; i < entries; i++) {
			view.sessionRevoked(sessionId(), now);
		}
		return view;
	}

	static String sessionId() {
		byte[] random = new byte[16];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/**
	 * A view with {@code entries} revoked sessions, none of them the JWT's.
	 */
	@State(Scope.Benchmark)
	public static class Sized {

		@Param({ "0", "100000" })
		public int entries;

		private RevocationView view;

		private String liveSessionId;

		private Instant issuedAt;

		@Setup
		public void setUp() {
			this.view = fill(this.entries);
			this.liveSessionId = sessionId();
			this.issuedAt = Instant.now();
			if (this.view.size() != this.entries || this.view.isRevoked(this.liveSessionId, USER, this.issuedAt)) {
				throw new IllegalStateException("Unexpected view: " + this.view.size() + " entries");
			}
		}

	}

	/**
	 * A view with 100,000 revoked sessions, the JWT's among them.
	 */
	@State(Scope.Benchmark)
	public static class Full {

		private RevocationView view;

		private String revokedSessionId;

		private Instant issuedAt;

		@Setup
		public void setUp() {
			this.view = fill(99_999);
			this.revokedSessionId = sessionId();
			this.issuedAt = Instant.now();
			this.view.sessionRevoked(this.revokedSessionId, this.issuedAt);
			if (this.view.size() != 100_000 || !this.view.isRevoked(this.revokedSessionId, USER, this.issuedAt)) {
				throw new IllegalStateException("Unexpected view: " + this.view.size() + " entries");
			}
		}

	}

}
