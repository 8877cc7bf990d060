package dev.hybridauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hybridauth.HybridSession;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.it.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedJwtCacheTests {

	private final MutableClock clock = new MutableClock();

	private final SessionJwtSettings settings = new SessionJwtSettings("issuer", "audience", Duration.ofMinutes(5),
			Duration.ofSeconds(30));

	private final AtomicInteger keyLookups = new AtomicInteger();

	private final SigningKeys keys = countingLookups(
			new ConfiguredSigningKeys(List.of(SigningKey.of(uncheckedGenerate(), JwtAlgorithm.RS256)), null));

	@Test
	void verifyWhenTheTokenWasVerifiedBeforeThenTheSignatureIsNotCheckedAgain() throws Exception {
		SessionJwtVerifier verifier = cachingVerifier(new VerifiedJwtCache(100, this.clock, Duration.ofSeconds(30)));
		String token = issue();

		SessionJwtClaims first = verifier.verify(token);
		int lookupsAfterFirst = this.keyLookups.get();
		SessionJwtClaims second = verifier.verify(token);

		assertThat(lookupsAfterFirst).isEqualTo(1);
		assertThat(this.keyLookups.get()).as("no key lookup, no signature check").isEqualTo(1);
		assertThat(second).isEqualTo(first);
	}

	@Test
	void verifyWhenACachedTokenHasSinceExpiredThenRefused() throws Exception {
		SessionJwtVerifier verifier = cachingVerifier(new VerifiedJwtCache(100, this.clock, Duration.ofSeconds(30)));
		String token = issue();
		verifier.verify(token);

		this.clock.advance(Duration.ofMinutes(5).plusSeconds(31));

		assertThatExceptionOfType(InvalidSessionJwtException.class).isThrownBy(() -> verifier.verify(token));
	}

	@Test
	void verifyWhenATokenIsRefusedThenItIsNotCached() {
		VerifiedJwtCache cache = new VerifiedJwtCache(100, this.clock, Duration.ofSeconds(30));
		SessionJwtVerifier verifier = cachingVerifier(cache);
		String tampered = issue().replaceFirst("\\.[A-Za-z0-9_-]{5}", ".AAAAA");

		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(InvalidSessionJwtException.class).isThrownBy(() -> verifier.verify(tampered));
		}
		assertThat(cache.size()).isZero();
	}

	@Test
	void cacheWhenFullThenStaysBounded() {
		VerifiedJwtCache cache = new VerifiedJwtCache(50, this.clock, Duration.ofSeconds(30));
		SessionJwtClaims verified = new SessionJwtClaims("alice", "sid", "jti", this.clock.instant(),
				this.clock.instant().plusSeconds(300), this.clock.instant(), List.of(), java.util.Map.of());

		for (int i = 0; i < 2_000; i++) {
			cache.put("token-" + i, verified);
		}

		assertThat(cache.size()).isLessThanOrEqualTo(60);
	}

	private SessionJwtVerifier cachingVerifier(VerifiedJwtCache cache) {
		NimbusSessionJwtVerifier verifier = new NimbusSessionJwtVerifier(this.keys, this.settings, this.clock);
		verifier.setCache(cache);
		return verifier;
	}

	private String issue() {
		Instant now = this.clock.instant();
		HybridSession session = new HybridSession("sid-1", "alice", List.of("ROLE_USER"), now, now,
				now.plusSeconds(1800), now.plusSeconds(28800), now, null, null);
		return new NimbusSessionJwtIssuer(this.keys, this.settings, this.clock, List.of()).issue(session).token();
	}

	private SigningKeys countingLookups(SigningKeys delegate) {
		return new SigningKeys() {
			@Override
			public SigningKey signingKey() {
				return delegate.signingKey();
			}

			@Override
			public Optional<SigningKey> verificationKey(String keyId) {
				VerifiedJwtCacheTests.this.keyLookups.incrementAndGet();
				return delegate.verificationKey(keyId);
			}

			@Override
			public List<SigningKey> publishedKeys() {
				return delegate.publishedKeys();
			}
		};
	}

	private static com.nimbusds.jose.jwk.JWK uncheckedGenerate() {
		try {
			return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k").generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
