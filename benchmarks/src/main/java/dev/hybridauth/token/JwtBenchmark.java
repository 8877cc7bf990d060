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
				List.of(SigningKey.of(SigningKey.generate(algorithm, "bench"), algorithm)), null);
		SessionJwtSettings settings = new SessionJwtSettings("hybrid-auth", "hybrid-auth", Duration.ofHours(1),
				Duration.ofSeconds(30));
		Clock clock = Clock.systemUTC();
		issuer = new NimbusSessionJwtIssuer(keys, settings, clock, List.of());
		verifier = new NimbusSessionJwtVerifier(keys, settings, clock);
		cachingVerifier = new NimbusSessionJwtVerifier(keys, settings, clock);
		cachingVerifier.setCache(new VerifiedJwtCache(10_000, clock, Duration.ofSeconds(30)));
		// A small cache and many distinct tokens: nearly every lookup misses, then pays
		// the verification and the insert.
		missingVerifier = new NimbusSessionJwtVerifier(keys, settings, clock);
		missingVerifier.setCache(new VerifiedJwtCache(16, clock, Duration.ofSeconds(30)));
		Instant now = clock.instant();
		session = new HybridSession("3kFq0bWvUd9kRrAr1xZpTg", "alice", List.of("ROLE_USER"), now, now,
				now.plusSeconds(1800), now.plusSeconds(28800), now, "127.0.0.1", "jmh");
		token = issuer.issue(session).token();
		distinctTokens = new String[2048];
		for (int i = 0; i < distinctTokens.length; i++) {
			distinctTokens[i] = issuer.issue(session).token();
		}
	}

	@Benchmark
	public SessionJwtClaims verify() throws InvalidSessionJwtException {
		return verifier.verify(token);
	}

	@Benchmark
	public SessionJwtClaims verifyCacheHit() throws InvalidSessionJwtException {
		return cachingVerifier.verify(token);
	}

	@Benchmark
	public SessionJwtClaims verifyCacheMiss() throws InvalidSessionJwtException {
		next = (next + 1) % distinctTokens.length;
		return missingVerifier.verify(distinctTokens[next]);
	}

	@Benchmark
	public String sign() {
		return issuer.issue(session).token();
	}

}
