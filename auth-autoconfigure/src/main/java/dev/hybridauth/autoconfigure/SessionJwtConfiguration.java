package dev.hybridauth.autoconfigure;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.hybridauth.token.ConfiguredSigningKeys;
import dev.hybridauth.token.DatabaseSigningKeys;
import dev.hybridauth.token.JwtAlgorithm;
import dev.hybridauth.token.KeyFiles;
import dev.hybridauth.token.SessionJwtClaimsCustomizer;
import dev.hybridauth.token.SessionJwtIssuer;
import dev.hybridauth.token.SessionJwtSettings;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.SigningKey;
import dev.hybridauth.token.SigningKeys;
import dev.hybridauth.token.VerifiedJwtCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

/**
 * Session JWT keys, issuing and verification.
 */
@Configuration(proxyBeanMethods = false)
@Import(SessionJwtConfiguration.VerifiedJwtCacheConfiguration.class)
class SessionJwtConfiguration {

    private static final String TINK_CLASS = "com.google.crypto.tink.subtle.Ed25519Sign";

    @Bean
    @ConditionalOnMissingBean
    SessionJwtSettings hybridAuthSessionJwtSettings(HybridAuthProperties properties) {
        HybridAuthProperties.Jwt jwt = properties.getJwt();
        return new SessionJwtSettings(jwt.getIssuer(), jwt.getAudience(), jwt.getTtl(), jwt.getClockSkew());
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    SigningKeys hybridAuthSigningKeys(HybridAuthProperties properties, ObjectProvider<DataSource> dataSource,
            ObjectProvider<Clock> clock, ResourceLoader resourceLoader) {
        ClassLoader classLoader = resourceLoader.getClassLoader();
        HybridAuthProperties.Jwt jwt = properties.getJwt();
        if (!jwt.getKeys().isEmpty()) {
            List<SigningKey> keys = jwt.getKeys().stream().map(key -> {
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
        return new DatabaseSigningKeys(new JdbcTemplate(dataSource.getObject()),
                HybridAuthAutoConfiguration.clock(clock), jwt.getAlgorithm(), jwt.getTtl(), jwt.getClockSkew(),
                jwt.getKeyRotationInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    SessionJwtIssuer hybridAuthSessionJwtIssuer(SigningKeys keys, SessionJwtSettings settings,
            ObjectProvider<SessionJwtClaimsCustomizer> customizers, ObjectProvider<Clock> clock) {
        return new SessionJwtIssuer(keys, settings, HybridAuthAutoConfiguration.clock(clock),
                customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    SessionJwtVerifier hybridAuthSessionJwtVerifier(SigningKeys keys, SessionJwtSettings settings,
            ObjectProvider<Clock> clock, ObjectProvider<VerifiedJwtCache> cache) {
        SessionJwtVerifier verifier = new SessionJwtVerifier(keys, settings, HybridAuthAutoConfiguration.clock(clock));
        verifier.setCache(cache.getIfAvailable());
        return verifier;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Caffeine.class)
    @ConditionalOnBooleanProperty(name = "hybrid-auth.jwt.cache.enabled", matchIfMissing = true)
    static class VerifiedJwtCacheConfiguration {

        @Bean
        @ConditionalOnMissingBean
        VerifiedJwtCache hybridAuthVerifiedJwtCache(HybridAuthProperties properties, ObjectProvider<Clock> clock) {
            HybridAuthProperties.Jwt jwt = properties.getJwt();
            return new VerifiedJwtCache(jwt.getCache().getMaxSize(), HybridAuthAutoConfiguration.clock(clock),
                    jwt.getClockSkew());
        }

    }

    private static void requireTinkFor(JwtAlgorithm algorithm, ClassLoader classLoader) {
        if (algorithm == JwtAlgorithm.EdDSA && !ClassUtils.isPresent(TINK_CLASS, classLoader)) {
            throw new IllegalStateException("hybrid-auth.jwt.algorithm=EdDSA needs the com.google.crypto.tink:tink "
                    + "library on the classpath: add it as a dependency, or choose RS256 or ES256");
        }
    }

}
