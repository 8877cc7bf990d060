package dev.hybridauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

	private final CountingSigningKeys keys = new CountingSigningKeys(
			new ConfiguredSigningKeys(List.of(SigningKey.of(generate("k"), JwtAlgorithm.RS256)), null));

	@Test
	void verifyWhenTheTokenWasVerifiedBeforeThenTheSignatureIsNotCheckedAgain() throws Exception {
		SessionJwtVerifier verifier = cachingVerifier(new VerifiedJwtCache(100, this.clock, Duration.ofSeconds(30)));
		String token = issue();

		SessionJwtClaims first = verifier.verify(token);
		int lookupsAfterFirst = this.keys.lookups();
		SessionJwtClaims second = verifier.verify(token);

		assertThat(lookupsAfterFirst).isEqualTo(1);
		assertThat(this.keys.lookups()).as("no key lookup, no signature check").isEqualTo(1);
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
	void verifyWhenTheKeyOfACachedTokenIsRemovedFromTheConfigurationThenRefusedAsAnUnknownKid() throws Exception {
		SigningKey first = SigningKey.of(generate("first"), JwtAlgorithm.RS256);
		SigningKey second = SigningKey.of(generate("second"), JwtAlgorithm.RS256);
		CountingSigningKeys keys = new CountingSigningKeys(new ConfiguredSigningKeys(List.of(first, second), "first"));
		VerifiedJwtCache cache = new VerifiedJwtCache(100, this.clock, Duration.ofSeconds(30));
		NimbusSessionJwtVerifier verifier = new NimbusSessionJwtVerifier(keys, this.settings, this.clock);
		verifier.setCache(cache);
		String underFirst = issue(keys);
		verifier.verify(underFirst);
		verifier.verify(underFirst);
		assertThat(keys.lookups()).as("verified once, then a cache hit").isOne();

		// the operator removes the first key from hybrid-auth.jwt.keys (and the
		// application reloads its keys)
		keys.replace(new ConfiguredSigningKeys(List.of(second), null));
		String underSecond = issue(keys);

		assertThatExceptionOfType(InvalidSessionJwtException.class).isThrownBy(() -> verifier.verify(underFirst))
			.withMessage("unknown kid");
		assertThat(verifier.verify(underSecond).subject()).isEqualTo("alice");
		assertThat(cache.size()).as("the first key's entry is gone, the second's is cached").isOne();
	}

	@Test
	void publishedKeyIdsOfConfiguredKeysIsOneImmutableSetOfEveryConfiguredKey() {
		ConfiguredSigningKeys keys = new ConfiguredSigningKeys(
				List.of(SigningKey.of(generate("first"), JwtAlgorithm.RS256),
						SigningKey.of(generate("second"), JwtAlgorithm.RS256)),
				"second");

		assertThat(keys.publishedKeyIds()).containsExactlyInAnyOrder("first", "second")
			.isSameAs(keys.publishedKeyIds());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> keys.publishedKeyIds().add("planted"));
	}

	@Test
	void cacheWhenFullThenStaysBounded() {
		VerifiedJwtCache cache = new VerifiedJwtCache(50, this.clock, Duration.ofSeconds(30));
		SessionJwtClaims verified = new SessionJwtClaims("alice", "sid", "jti", this.clock.instant(),
				this.clock.instant().plusSeconds(300), this.clock.instant(), List.of(), java.util.Map.of());

		for (int i = 0; i < 2_000; i++) {
			cache.put("token-" + i, verified, "k");
		}

		assertThat(cache.size()).isLessThanOrEqualTo(60);
	}

	private SessionJwtVerifier cachingVerifier(VerifiedJwtCache cache) {
		NimbusSessionJwtVerifier verifier = new NimbusSessionJwtVerifier(this.keys, this.settings, this.clock);
		verifier.setCache(cache);
		return verifier;
	}

	private String issue() {
		return issue(this.keys);
	}

	private String issue(SigningKeys keys) {
		Instant now = this.clock.instant();
		HybridSession session = new HybridSession("sid-1", "alice", List.of("ROLE_USER"), now, now,
				now.plusSeconds(1800), now.plusSeconds(28800), now, null, null);
		return new NimbusSessionJwtIssuer(keys, this.settings, this.clock, List.of()).issue(session).token();
	}

	private static com.nimbusds.jose.jwk.JWK generate(String keyId) {
		try {
			return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
