package dev.hybridauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hybridauth.HybridSession;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.SessionJwtClaims;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Session JWT signing and full verification (shape, header, signature, claims) per
 * algorithm, without the verified-token cache, with a cache hit, and with a cache miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtBenchmark {

	@Param({ "RS256", "ES256", "EdDSA" })
	public JwtAlgorithm algorithm;

	private SessionJwtIssuer issuer;

	private NimbusSessionJwtVerifier verifier;

	private NimbusSessionJwtVerifier cachingVerifier;

	private NimbusSessionJwtVerifier missingVerifier;

	private HybridSession session;

	private String token;

	private String[] distinctTokens;

	private int next;

	@Setup
	public void setUp() throws Exception {
		SigningKeys keys = new ConfiguredSigningKeys(
				List.of(SigningKey.of(SigningKey.generate(this.algorithm, "bench"), this.algorithm)), null);
		SessionJwtSettings settings = new SessionJwtSettings("hybrid-auth", "hybrid-auth", Duration.ofHours(1),
				Duration.ofSeconds(30));
		Clock clock = Clock.systemUTC();
		this.issuer = new NimbusSessionJwtIssuer(keys, settings, clock, List.of());
		this.verifier = new NimbusSessionJwtVerifier(keys, settings, clock);
		this.cachingVerifier = new NimbusSessionJwtVerifier(keys, settings, clock);
		this.cachingVerifier.setCache(new VerifiedJwtCache(10_000, clock, Duration.ofSeconds(30)));
		// A small cache and many distinct tokens: nearly every lookup misses, then pays
		// the verification and the insert.
		this.missingVerifier = new NimbusSessionJwtVerifier(keys, settings, clock);
		this.missingVerifier.setCache(new VerifiedJwtCache(16, clock, Duration.ofSeconds(30)));
		Instant now = clock.instant();
		this.session = new HybridSession("3kFq0bWvUd9kRrAr1xZpTg", "alice", List.of("ROLE_USER"), now, now,
				now.plusSeconds(1800), now.plusSeconds(28800), now, "127.0.0.1", "jmh");
		this.token = this.issuer.issue(this.session).token();
		this.distinctTokens = new String[2048];
		for (int i = 0; i < this.distinctTokens.length; i++) {
			this.distinctTokens[i] = this.issuer.issue(this.session).token();
		}
	}

	@Benchmark
	public SessionJwtClaims verify() throws InvalidSessionJwtException {
		return this.verifier.verify(this.token);
	}

	@Benchmark
	public SessionJwtClaims verifyCacheHit() throws InvalidSessionJwtException {
		return this.cachingVerifier.verify(this.token);
	}

	@Benchmark
	public SessionJwtClaims verifyCacheMiss() throws InvalidSessionJwtException {
		this.next = (this.next + 1) % this.distinctTokens.length;
		return this.missingVerifier.verify(this.distinctTokens[this.next]);
	}

	@Benchmark
	public String sign() {
		return this.issuer.issue(this.session).token();
	}

}
