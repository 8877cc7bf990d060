package dev.hybridauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.hybridauth.HybridSession;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.SessionJwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionJwtAlgorithmsTests {

	private final Clock clock = Clock.systemUTC();

	private final SessionJwtSettings settings = new SessionJwtSettings("issuer", "audience", Duration.ofMinutes(5),
			Duration.ofSeconds(30));

	@ParameterizedTest
	@EnumSource(JwtAlgorithm.class)
	void issueThenVerifyWhenAlgorithmIsSupportedThenRoundTrips(JwtAlgorithm algorithm) throws Exception {
		SigningKeys keys = new ConfiguredSigningKeys(List.of(SigningKey.of(generate(algorithm), algorithm)), null);
		SessionJwtIssuer issuer = new NimbusSessionJwtIssuer(keys, this.settings, this.clock, List.of());
		SessionJwtVerifier verifier = new NimbusSessionJwtVerifier(keys, this.settings, this.clock);

		SessionJwt jwt = issuer.issue(session());
		SessionJwtClaims verified = verifier.verify(jwt.token());

		assertThat(verified.subject()).isEqualTo("alice");
		assertThat(verified.sessionId()).isEqualTo("sid-1");
		assertThat(verified.roles()).containsExactly("ROLE_USER");
		assertThat(keys.publishedKeys().get(0).publicJwk().isPrivate()).isFalse();
	}

	@Test
	void verifyWhenSignedByAnotherKeyOfTheSameAlgorithmThenRefused() throws Exception {
		SigningKey ours = SigningKey.of(generate(JwtAlgorithm.RS256), JwtAlgorithm.RS256);
		JWK impostorJwk = new RSAKeyGenerator(2048).keyID(ours.keyId()).generate();
		SigningKey impostor = SigningKey.of(impostorJwk, JwtAlgorithm.RS256);
		SessionJwtIssuer forger = new NimbusSessionJwtIssuer(new ConfiguredSigningKeys(List.of(impostor), null),
				this.settings, this.clock, List.of());
		SessionJwtVerifier verifier = new NimbusSessionJwtVerifier(new ConfiguredSigningKeys(List.of(ours), null),
				this.settings, this.clock);

		assertThatExceptionOfType(InvalidSessionJwtException.class)
			.isThrownBy(() -> verifier.verify(forger.issue(session()).token()));
	}

	@Test
	void claimsCustomizerAddsClaimsButCannotOverrideRegisteredOnes() throws Exception {
		SigningKeys keys = new ConfiguredSigningKeys(
				List.of(SigningKey.of(generate(JwtAlgorithm.RS256), JwtAlgorithm.RS256)), null);
		SessionJwtClaimsCustomizer customizer = (session, claims) -> {
			claims.put("tenant", "acme");
			claims.put("sub", "admin");
			claims.put("roles", List.of("ROLE_ADMIN"));
		};
		SessionJwtIssuer issuer = new NimbusSessionJwtIssuer(keys, this.settings, this.clock, List.of(customizer));

		String token = issuer.issue(session()).token();
		Map<String, Object> claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getClaims();

		assertThat(claims).containsEntry("tenant", "acme").containsEntry("sub", "alice");
		assertThat(claims.get("roles")).isEqualTo(List.of("ROLE_USER"));
	}

	@Test
	void expiredTokenIsToldApartForRefreshOnly() throws Exception {
		SigningKeys keys = new ConfiguredSigningKeys(
				List.of(SigningKey.of(generate(JwtAlgorithm.RS256), JwtAlgorithm.RS256)), null);
		Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), java.time.ZoneOffset.UTC);
		String token = new NimbusSessionJwtIssuer(keys, this.settings, past, List.of()).issue(session()).token();
		SessionJwtVerifier verifier = new NimbusSessionJwtVerifier(keys, this.settings, this.clock);

		assertThatExceptionOfType(InvalidSessionJwtException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.isExpiredOnly()).isTrue());
		assertThat(verifier.verifyAllowingExpiry(token, Duration.ofMinutes(30)).subject()).isEqualTo("alice");
		assertThatExceptionOfType(InvalidSessionJwtException.class)
			.isThrownBy(() -> verifier.verifyAllowingExpiry(token, Duration.ofMinutes(5)));
	}

	static JWK generate(JwtAlgorithm algorithm) {
		return SigningKey.generate(algorithm, algorithm.name().toLowerCase(java.util.Locale.ROOT));
	}

	private static HybridSession session() {
		Instant now = Instant.now();
		return new HybridSession("sid-1", "alice", List.of("ROLE_USER"), now, now, now.plusSeconds(1800),
				now.plusSeconds(28800), now, "127.0.0.1", "junit");
	}

}
