package dev.hybridauth.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.StartedSession;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.InMemorySessionStore;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionJwtAutoConfiguration}.
 */
class SessionJwtAutoConfigurationTests {

	private static final AutoConfigurations HYBRID_AUTH = AutoConfigurations.of(HybridAuthAutoConfiguration.class,
			SessionAutoConfiguration.class, SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
			HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
			LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class);

	private static final AutoConfigurations SECURITY = AutoConfigurations.of(SecurityAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class))
		.withConfiguration(SECURITY)
		.withConfiguration(HYBRID_AUTH)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

	@Test
	void signingKeysAreGeneratedIntoTheDatabaseByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SigningKeys.class);
			assertThat(context).getBean(SigningKeys.class).isInstanceOf(DatabaseSigningKeys.class);
			DatabaseSigningKeys keys = context.getBean(DatabaseSigningKeys.class);
			assertThat(keys.isRunning()).isTrue();
			assertThat(signingKeyRows(context)).isOne();
			assertThat(keys.signingKey().algorithm()).isEqualTo(JwtAlgorithm.RS256);
		});
	}

	@Test
	void signingKeysAreGeneratedIntoTheDatabaseWithoutAnEntityManagerFactory() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withConfiguration(SECURITY)
			.withConfiguration(HYBRID_AUTH)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).as("the JDBC store")
					.getBean(SessionStore.class)
					.isNotInstanceOf(InMemorySessionStore.class);
				assertThat(context).getBean(SigningKeys.class).isInstanceOf(DatabaseSigningKeys.class);
				assertThat(signingKeyRows(context)).isOne();
			});
	}

	@Test
	void signingKeysAreGeneratedInMemoryWithoutADataSource() {
		new WebApplicationContextRunner().withConfiguration(SECURITY).withConfiguration(HYBRID_AUTH).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DataSource.class);
			assertThat(context).getBean(SessionStore.class).isInstanceOf(InMemorySessionStore.class);
			assertThat(context).getBean(SigningKeys.class).isInstanceOf(ConfiguredSigningKeys.class);
			SigningKeys keys = context.getBean(SigningKeys.class);
			assertThat(keys.publishedKeys()).containsExactly(keys.signingKey());
			assertThat(keys.signingKey().canSign()).isTrue();
			String token = context.getBean(SessionJwtIssuer.class).issue(session()).token();
			assertThat(context.getBean(SessionJwtVerifier.class).verify(token).subject()).isEqualTo("alice");
		});
	}

	@Test
	void signingKeysComeFromConfiguredFiles(@TempDir Path directory) throws Exception {
		Path jwks = writeJwkSet(directory, SigningKey.generate(JwtAlgorithm.RS256, "from-file"));
		this.contextRunner
			.withPropertyValues("hybrid-auth.jwt.keys[0].kid=from-file",
					"hybrid-auth.jwt.keys[0].location=file:" + jwks)
			.run((context) -> {
				assertThat(context).getBean(SigningKeys.class).isInstanceOf(ConfiguredSigningKeys.class);
				assertThat(context.getBean(SigningKeys.class).signingKey().keyId()).isEqualTo("from-file");
				assertThat(signingKeyRows(context)).isZero();
			});
	}

	@Test
	void signingKeyIdChoosesWhichConfiguredKeySigns(@TempDir Path directory) throws Exception {
		Path jwks = writeJwkSet(directory, SigningKey.generate(JwtAlgorithm.ES256, "old"),
				SigningKey.generate(JwtAlgorithm.ES256, "new"));
		this.contextRunner
			.withPropertyValues("hybrid-auth.jwt.algorithm=ES256", "hybrid-auth.jwt.keys[0].kid=old",
					"hybrid-auth.jwt.keys[0].location=file:" + jwks, "hybrid-auth.jwt.keys[1].kid=new",
					"hybrid-auth.jwt.keys[1].location=file:" + jwks, "hybrid-auth.jwt.signing-key-id=new")
			.run((context) -> {
				SigningKeys keys = context.getBean(SigningKeys.class);
				assertThat(keys.signingKey().keyId()).isEqualTo("new");
				assertThat(keys.publishedKeys()).extracting(SigningKey::keyId).containsExactly("old", "new");
			});
	}

	@Test
	void unknownSigningKeyIdFailsStartup(@TempDir Path directory) throws Exception {
		Path jwks = writeJwkSet(directory, SigningKey.generate(JwtAlgorithm.ES256, "only"));
		this.contextRunner
			.withPropertyValues("hybrid-auth.jwt.algorithm=ES256", "hybrid-auth.jwt.keys[0].kid=only",
					"hybrid-auth.jwt.keys[0].location=file:" + jwks, "hybrid-auth.jwt.signing-key-id=missing")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("No configured session JWT key has the id 'missing'");
			});
	}

	@Test
	void configuredKeyWithoutALocationFailsStartup() {
		this.contextRunner.withPropertyValues("hybrid-auth.jwt.keys[0].kid=nowhere").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hybrid-auth.jwt.keys[].location is required");
		});
	}

	@Test
	void eddsaWithoutTinkFailsStartupWithAClearMessage() {
		this.contextRunner.withPropertyValues("hybrid-auth.jwt.algorithm=EdDSA")
			.withClassLoader(new FilteredClassLoader("com.google.crypto.tink"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("hybrid-auth.jwt.algorithm=EdDSA")
					.hasMessageContaining("com.google.crypto.tink:tink");
			});
	}

	@Test
	void eddsaKeyFileWithoutTinkFailsStartupWithAClearMessage(@TempDir Path directory) throws Exception {
		Path jwks = writeJwkSet(directory, SigningKey.generate(JwtAlgorithm.EdDSA, "ed"));
		this.contextRunner
			.withPropertyValues("hybrid-auth.jwt.keys[0].kid=ed", "hybrid-auth.jwt.keys[0].algorithm=EdDSA",
					"hybrid-auth.jwt.keys[0].location=file:" + jwks)
			.withClassLoader(new FilteredClassLoader("com.google.crypto.tink"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("com.google.crypto.tink:tink");
			});
	}

	@Test
	void eddsaWithTinkSignsWithEd25519() {
		this.contextRunner.withPropertyValues("hybrid-auth.jwt.algorithm=EdDSA").run((context) -> {
			assertThat(context.getBean(SigningKeys.class).signingKey().algorithm()).isEqualTo(JwtAlgorithm.EdDSA);
			String token = context.getBean(SessionJwtIssuer.class).issue(session()).token();
			assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
		});
	}

	@Test
	void keyRotationIntervalNotLongerThanTheJwtLifetimeFailsStartup() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.jwt.ttl=5m", "hybrid-auth.jwt.clock-skew=30s",
					"hybrid-auth.jwt.key-rotation-interval=5m")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("key-rotation-interval must be longer than the JWT ttl plus the clock skew");
			});
	}

	@Test
	void issuerAppliesTheJwtProperties() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.jwt.issuer=https://issuer.example", "hybrid-auth.jwt.audience=api",
					"hybrid-auth.jwt.ttl=2m")
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionJwtIssuer.class);
				SessionJwt jwt = context.getBean(SessionJwtIssuer.class).issue(session());
				JWTClaimsSet claims = SignedJWT.parse(jwt.token()).getJWTClaimsSet();
				assertThat(claims.getIssuer()).isEqualTo("https://issuer.example");
				assertThat(claims.getAudience()).containsExactly("api");
				assertThat(Duration.between(jwt.issuedAt(), jwt.expiresAt())).isEqualTo(Duration.ofMinutes(2));
				assertThat(SignedJWT.parse(jwt.token()).getHeader().getKeyID())
					.isEqualTo(context.getBean(SigningKeys.class).signingKey().keyId());
				assertThat(context.getBean(SessionJwtVerifier.class).verify(jwt.token()).sessionId()).isEqualTo("sid");
			});
	}

	@Test
	void claimsCustomizerBeansAreApplied() {
		this.contextRunner
			.withBean(SessionJwtClaimsCustomizer.class, () -> (session, claims) -> claims.put("tenant", "acme"))
			.run((context) -> {
				String token = context.getBean(SessionJwtIssuer.class).issue(session()).token();
				assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("tenant")).isEqualTo("acme");
			});
	}

	@Test
	void verifierUsesTheVerifiedJwtCache() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SessionJwtVerifier.class);
			assertThat(context).hasSingleBean(VerifiedJwtCache.class);
			VerifiedJwtCache cache = context.getBean(VerifiedJwtCache.class);
			SessionJwtVerifier verifier = context.getBean(SessionJwtVerifier.class);
			assertThat(verifier).isInstanceOf(NimbusSessionJwtVerifier.class).extracting("cache").isSameAs(cache);
			verifier.verify(context.getBean(SessionJwtIssuer.class).issue(session()).token());
			assertThat(cache.size()).isOne();
		});
	}

	@Test
	void noVerifiedJwtCacheWithoutCaffeine() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(VerifiedJwtCache.class);
			SessionJwtVerifier verifier = context.getBean(SessionJwtVerifier.class);
			assertThat(verifier).extracting("cache").isNull();
			String token = context.getBean(SessionJwtIssuer.class).issue(session()).token();
			assertThat(verifier.verify(token).subject()).isEqualTo("alice");
		});
	}

	@Test
	void verifiedJwtCacheCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("hybrid-auth.jwt.cache.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(VerifiedJwtCache.class);
			assertThat(context.getBean(SessionJwtVerifier.class)).extracting("cache").isNull();
		});
	}

	@Test
	void verifiedJwtCacheIsConditionalOnMissingBean() {
		VerifiedJwtCache cache = new VerifiedJwtCache(10, Clock.systemUTC(), Duration.ZERO);
		this.contextRunner.withBean("userCache", VerifiedJwtCache.class, () -> cache).run((context) -> {
			assertThat(context).hasSingleBean(VerifiedJwtCache.class);
			assertThat(context).getBean(VerifiedJwtCache.class).isSameAs(cache);
			assertThat(context.getBean(SessionJwtVerifier.class)).extracting("cache").isSameAs(cache);
		});
	}

	@Test
	void signingKeysIsConditionalOnMissingBean() {
		SigningKeys keys = new ConfiguredSigningKeys(
				List.of(SigningKey.of(SigningKey.generate(JwtAlgorithm.ES256, "user-key"), JwtAlgorithm.ES256)), null);
		this.contextRunner.withBean("userSigningKeys", SigningKeys.class, () -> keys).run((context) -> {
			assertThat(context).hasSingleBean(SigningKeys.class);
			assertThat(context).getBean(SigningKeys.class).isSameAs(keys);
			assertThat(context).doesNotHaveBean(DatabaseSigningKeys.class);
			assertThat(signingKeyRows(context)).isZero();
			StartedSession started = context.getBean(HybridSessionService.class)
				.start(authentication(), new ClientInfo("127.0.0.1", "test"));
			assertThat(SignedJWT.parse(started.jwt().token()).getHeader().getKeyID()).isEqualTo("user-key");
			assertThat(context.getBean(SessionJwtVerifier.class).verify(started.jwt().token()).subject())
				.isEqualTo("alice");
		});
	}

	@Test
	void sessionJwtIssuerIsConditionalOnMissingBean() {
		SessionJwt jwt = new SessionJwt("user.issued.jwt", Instant.now(), Instant.now().plusSeconds(60));
		SessionJwtIssuer issuer = (session) -> jwt;
		this.contextRunner.withBean("userIssuer", SessionJwtIssuer.class, () -> issuer).run((context) -> {
			assertThat(context).hasSingleBean(SessionJwtIssuer.class);
			assertThat(context).getBean(SessionJwtIssuer.class).isSameAs(issuer);
			assertThat(context).doesNotHaveBean(NimbusSessionJwtIssuer.class);
			StartedSession started = context.getBean(HybridSessionService.class)
				.start(authentication(), new ClientInfo("127.0.0.1", "test"));
			assertThat(started.jwt()).isSameAs(jwt);
		});
	}

	@Test
	void sessionJwtVerifierIsConditionalOnMissingBean() {
		RecordingVerifier verifier = new RecordingVerifier();
		this.contextRunner.withBean("userVerifier", SessionJwtVerifier.class, () -> verifier).run((context) -> {
			assertThat(context).hasSingleBean(SessionJwtVerifier.class);
			assertThat(context).getBean(SessionJwtVerifier.class).isSameAs(verifier);
			assertThat(context).doesNotHaveBean(NimbusSessionJwtVerifier.class);
			MockHttpServletResponse response = get(context, "/private", "Bearer user.verified.jwt");
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(verifier.verified).containsExactly("user.verified.jwt");
			assertThat(context.getBean("hybridAuthEndpoints")).extracting("jwtVerifier").isSameAs(verifier);
		});
	}

	private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path,
			String authorization) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext(), "GET", path);
		request.addHeader("Authorization", authorization);
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, new MockFilterChain());
		return response;
	}

	private static int signingKeyRows(AssertableWebApplicationContext context) {
		Integer rows = new JdbcTemplate(context.getBean(DataSource.class))
			.queryForObject("select count(*) from hybrid_auth_signing_key", Integer.class);
		return (rows != null) ? rows : 0;
	}

	private static Path writeJwkSet(Path directory, JWK... keys) throws Exception {
		Path jwks = directory.resolve("keys.json");
		Files.writeString(jwks, new JWKSet(List.of(keys)).toString(false));
		return jwks;
	}

	private static UsernamePasswordAuthenticationToken authentication() {
		return UsernamePasswordAuthenticationToken.authenticated("alice", null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
	}

	private static HybridSession session() {
		Instant now = Instant.now();
		return new HybridSession("sid", "alice", List.of("ROLE_USER"), now, now, now.plusSeconds(600),
				now.plusSeconds(3600), now, null, null);
	}

	static class RecordingVerifier implements SessionJwtVerifier {

		final List<String> verified = new ArrayList<>();

		@Override
		public SessionJwtClaims verify(String token) {
			this.verified.add(token);
			Instant now = Instant.now();
			return new SessionJwtClaims("alice", "sid", "jti", now, now.plusSeconds(60), now, List.of("ROLE_USER"),
					Map.of());
		}

		@Override
		public SessionJwtClaims verifyAllowingExpiry(String token, Duration gracePeriod) {
			return verify(token);
		}

	}

}
