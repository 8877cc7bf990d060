package dev.hybridauth.token;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of session JWTs: the signing keys (from files, generated into the
 * database, or generated in memory when there is no database), the issuer, the verifier
 * and its cache of verified tokens.
 */
@AutoConfiguration(after = HybridAuthAutoConfiguration.class)
@ConditionalOnBean(HybridAuthProperties.class)
@Import(SessionJwtAutoConfiguration.VerifiedJwtCacheConfiguration.class)
public final class SessionJwtAutoConfiguration {

	private static final Log logger = LogFactory.getLog(SessionJwtAutoConfiguration.class);

	private static final String KEYS_IN_DATABASE_WARNING = "hybrid-auth generates its session JWT signing keys into "
			+ "the database, which is not an embedded one: their private parts are kept in the table "
			+ "hybrid_auth_signing_key, and whoever can read it can sign session JWTs for any user. In production, "
			+ "configure the keys from files with hybrid-auth.jwt.keys (see docs/security.md)";

	static final String TINK_CLASS = "com.google.crypto.tink.subtle.Ed25519Sign";

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	SigningKeys hybridAuthSigningKeys(HybridAuthProperties properties, ObjectProvider<DataSource> dataSource,
			@Qualifier(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) TaskScheduler scheduler,
			ObjectProvider<Clock> clock, ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		HybridAuthProperties.Jwt jwt = properties.getJwt();
		if (!jwt.getKeys().isEmpty()) {
			List<SigningKey> keys = jwt.getKeys().stream().map((key) -> {
				JwtAlgorithm algorithm = (key.getAlgorithm() != null) ? key.getAlgorithm() : jwt.getAlgorithm();
				requireTinkFor(algorithm, classLoader);
				if (key.getLocation() == null) {
					throw new IllegalStateException("hybrid-auth.jwt.keys[].location is required");
				}
				return KeyFiles.read(key.getLocation(), key.getKid(), algorithm);
			}).toList();
			return new ConfiguredSigningKeys(keys, jwt.getSigningKeyId());
		}
		requireTinkFor(jwt.getAlgorithm(), classLoader);
		// several DataSources and none primary: fail, as the schema initializer does,
		// rather than sign in memory
		DataSource database = dataSource.getIfAvailable();
		if (database == null) {
			logger.warn("hybrid-auth has no DataSource and no hybrid-auth.jwt.keys: it signs session JWTs with a key "
					+ "generated in memory, which other nodes and the next start do not know");
			SigningKey key = SigningKey.of(SigningKey.generate(jwt.getAlgorithm(), UUID.randomUUID().toString()),
					jwt.getAlgorithm());
			return new ConfiguredSigningKeys(List.of(key), null);
		}
		if (!EmbeddedDatabaseConnection.isEmbedded(database)) {
			logger.warn(KEYS_IN_DATABASE_WARNING);
		}
		return new DatabaseSigningKeys(new JdbcTemplate(database), scheduler, clock.getIfAvailable(Clock::systemUTC),
				jwt.getAlgorithm(), jwt.getTtl(), jwt.getClockSkew(), jwt.getKeyRotationInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionJwtIssuer hybridAuthSessionJwtIssuer(SigningKeys keys, HybridAuthProperties properties,
			ObjectProvider<SessionJwtClaimsCustomizer> customizers, ObjectProvider<Clock> clock) {
		return new NimbusSessionJwtIssuer(keys, settings(properties), clock.getIfAvailable(Clock::systemUTC),
				customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionJwtVerifier hybridAuthSessionJwtVerifier(SigningKeys keys, HybridAuthProperties properties,
			ObjectProvider<Clock> clock, ObjectProvider<VerifiedJwtCache> cache) {
		NimbusSessionJwtVerifier verifier = new NimbusSessionJwtVerifier(keys, settings(properties),
				clock.getIfAvailable(Clock::systemUTC));
		verifier.setCache(cache.getIfAvailable());
		return verifier;
	}

	private static SessionJwtSettings settings(HybridAuthProperties properties) {
		HybridAuthProperties.Jwt jwt = properties.getJwt();
		return new SessionJwtSettings(jwt.getIssuer(), jwt.getAudience(), jwt.getTtl(), jwt.getClockSkew());
	}

	private static void requireTinkFor(JwtAlgorithm algorithm, ClassLoader classLoader) {
		if (algorithm == JwtAlgorithm.EdDSA && !ClassUtils.isPresent(TINK_CLASS, classLoader)) {
			throw new IllegalStateException("hybrid-auth.jwt.algorithm=EdDSA needs the com.google.crypto.tink:tink "
					+ "library on the classpath: add it as a dependency, or choose RS256 or ES256");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Caffeine.class)
	@ConditionalOnBooleanProperty(name = "hybrid-auth.jwt.cache.enabled", matchIfMissing = true)
	static class VerifiedJwtCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		VerifiedJwtCache hybridAuthVerifiedJwtCache(HybridAuthProperties properties, ObjectProvider<Clock> clock) {
			HybridAuthProperties.Jwt jwt = properties.getJwt();
			return new VerifiedJwtCache(jwt.getCache().getMaxSize(), clock.getIfAvailable(Clock::systemUTC),
					jwt.getClockSkew());
		}

	}

}
