package dev.hybridauth.autoconfigure;

import java.time.Duration;

import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.autoconfigure.app.Note;
import dev.hybridauth.session.JpaSessionStore;
import dev.hybridauth.token.ConfiguredSigningKeys;
import dev.hybridauth.token.DatabaseSigningKeys;
import dev.hybridauth.token.JwtAlgorithm;
import dev.hybridauth.token.SessionJwtClaimsCustomizer;
import dev.hybridauth.token.SessionJwtIssuer;
import dev.hybridauth.token.SigningKeys;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import dev.hybridauth.session.SessionEntity;
import dev.hybridauth.session.SessionSchemaInitializer;
import dev.hybridauth.web.HybridAuthEndpoints;
import dev.hybridauth.web.SessionCookies;
import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class HybridAuthAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
                UserDetailsServiceAutoConfiguration.class, HybridAuthAutoConfiguration.class))
        .withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

    @Test
    void defaultConfigurationProvidesStoreServiceEndpointsSchemaAndFilterChain() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(JpaSessionStore.class);
            assertThat(context).hasSingleBean(HybridSessionService.class);
            assertThat(context).hasSingleBean(HybridAuthEndpoints.class);
            assertThat(context).hasSingleBean(SessionCookies.class);
            assertThat(context).hasSingleBean(SessionSchemaInitializer.class);
            assertThat(context).hasBean("hybridAuthSecurityFilterChain");
            assertThat(context).hasSingleBean(SecurityFilterChain.class);
        });
    }

    @Test
    void sessionServiceIsConditionalOnMissingBean() {
        contextRunner.withUserConfiguration(CustomSessionServiceConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(HybridSessionService.class);
            assertThat(context).getBean(HybridSessionService.class)
                .isSameAs(context.getBean("customSessionService"));
        });
    }

    @Test
    void firewallChecksHeaderValuesWithoutARegularExpressionUnlessTheApplicationHasOne() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(HttpFirewall.class)
            .getBean(HttpFirewall.class)
            .isInstanceOf(StrictHttpFirewall.class));
        contextRunner.withBean("ownFirewall", HttpFirewall.class, DefaultHttpFirewall::new)
            .run(context -> assertThat(context).getBean(HttpFirewall.class).isInstanceOf(DefaultHttpFirewall.class));
    }

    @Test
    void sessionCookiesIsConditionalOnMissingBean() {
        contextRunner.withBean(SessionCookies.class, () -> new SessionCookies(true, "Strict")).run(context -> {
            assertThat(context).hasSingleBean(SessionCookies.class);
        });
    }

    @Test
    void backsOffDefaultFilterChainWhenApplicationDefinesOne() {
        contextRunner.withUserConfiguration(OwnFilterChainConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(SecurityFilterChain.class);
            assertThat(context).hasBean("ownFilterChain");
            assertThat(context).doesNotHaveBean("hybridAuthSecurityFilterChain");
            assertThat(context).hasSingleBean(HybridSessionService.class);
        });
    }

    @Test
    void backsOffWithoutSpringSecurity() {
        contextRunner.withClassLoader(new FilteredClassLoader(EnableWebSecurity.class))
            .run(context -> assertThat(context).doesNotHaveBean(HybridSessionService.class));
    }

    @Test
    void doesNothingOutsideAServletWebApplication() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, HybridAuthAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(HybridSessionService.class));
    }

    @Test
    void propertiesBindToTheirTypes() {
        contextRunner
            .withPropertyValues("hybrid-auth.session.idle-timeout=10m", "hybrid-auth.session.absolute-timeout=2h",
                    "hybrid-auth.session.touch-interval=5s", "hybrid-auth.cookie.secure=true",
                    "hybrid-auth.cookie.same-site=Strict", "hybrid-auth.endpoints.base-path=/session-api")
            .run(context -> {
                HybridAuthProperties properties = context.getBean(HybridAuthProperties.class);
                assertThat(properties.getSession().getIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
                assertThat(properties.getSession().getAbsoluteTimeout()).isEqualTo(Duration.ofHours(2));
                assertThat(properties.getSession().getTouchInterval()).isEqualTo(Duration.ofSeconds(5));
                assertThat(properties.getCookie().getSecure()).isTrue();
                assertThat(properties.getCookie().getSameSite()).isEqualTo("Strict");
                assertThat(properties.getEndpoints().getBasePath()).isEqualTo("/session-api");
            });
    }

    @Test
    void signingKeysAreGeneratedIntoTheDatabaseByDefault() {
        contextRunner.run(context -> assertThat(context).getBean(SigningKeys.class)
            .isInstanceOf(DatabaseSigningKeys.class));
    }

    @Test
    void signingKeysComeFromConfiguredFiles(@TempDir Path directory) throws Exception {
        Path jwks = directory.resolve("keys.json");
        Files.writeString(jwks, new JWKSet(new RSAKeyGenerator(2048).keyID("from-file").generate()).toString(false));
        contextRunner.withPropertyValues("hybrid-auth.jwt.keys[0].kid=from-file",
                "hybrid-auth.jwt.keys[0].location=file:" + jwks)
            .run(context -> {
                assertThat(context).getBean(SigningKeys.class).isInstanceOf(ConfiguredSigningKeys.class);
                assertThat(context.getBean(SigningKeys.class).signingKey().keyId()).isEqualTo("from-file");
            });
    }

    @Test
    void eddsaWithoutTinkFailsStartupWithAClearMessage() {
        contextRunner.withPropertyValues("hybrid-auth.jwt.algorithm=EdDSA")
            .withClassLoader(new FilteredClassLoader("com.google.crypto.tink"))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("com.google.crypto.tink:tink");
            });
    }

    @Test
    void eddsaWithTinkSignsWithEd25519() {
        contextRunner.withPropertyValues("hybrid-auth.jwt.algorithm=EdDSA")
            .run(context -> assertThat(context.getBean(SigningKeys.class).signingKey().algorithm())
                .isEqualTo(JwtAlgorithm.EdDSA));
    }

    @Test
    void claimsCustomizerBeansAreApplied() {
        contextRunner.withBean(SessionJwtClaimsCustomizer.class, () -> (session, claims) -> claims.put("tenant", "acme"))
            .run(context -> {
                HybridSession session = new HybridSession("sid", "alice", java.util.List.of(), Instant.now(),
                        Instant.now(), Instant.now().plusSeconds(60), Instant.now().plusSeconds(60), Instant.now(), null,
                        null);
                String token = context.getBean(SessionJwtIssuer.class).issue(session).token();
                assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("tenant")).isEqualTo("acme");
            });
    }

    @Test
    void invalidTimeoutFailsStartup() {
        contextRunner.withPropertyValues("hybrid-auth.session.idle-timeout=0s")
            .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void schemaIsCreatedOnAnEmbeddedDatabase() {
        contextRunner.run(context -> assertThat(sessionTableCount(new JdbcTemplate(context.getBean(DataSource.class)))).isOne());
    }

    @Test
    void schemaCreationCanBeTurnedOffAndThenTheTablesMustExist() {
        contextRunner.withPropertyValues("hybrid-auth.session.initialize-schema=never").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("HYBRID_AUTH_SIGNING_KEY");
        });
    }

    @Test
    void sessionEntityIsAddedToTheApplicationsAutoConfigurationPackage() {
        contextRunner.withUserConfiguration(ApplicationPackageConfiguration.class).run(context -> {
            assertThat(managedEntities(context.getBean(EntityManagerFactory.class))).contains(Note.class,
                    SessionEntity.class);
        });
    }

    @Test
    void sessionEntityIsAddedToTheApplicationsEntityScan() {
        contextRunner.withUserConfiguration(EntityScanConfiguration.class).run(context -> {
            assertThat(managedEntities(context.getBean(EntityManagerFactory.class))).contains(Note.class,
                    SessionEntity.class);
        });
    }

    private static java.util.List<Class<?>> managedEntities(EntityManagerFactory entityManagerFactory) {
        return entityManagerFactory.getMetamodel()
            .getEntities()
            .stream()
            .<Class<?>>map(entity -> entity.getJavaType())
            .toList();
    }

    private static int sessionTableCount(JdbcTemplate jdbc) {
        Integer count = jdbc.queryForObject(
                "select count(*) from information_schema.tables where lower(table_name) = 'hybrid_auth_session'",
                Integer.class);
        return (count != null) ? count : 0;
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomSessionServiceConfiguration {

        @Bean
        HybridSessionService customSessionService() {
            return (HybridSessionService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HybridSessionService.class }, (proxy, method, args) -> switch (method.getName()) {
                        case "toString" -> "customSessionService";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilterChainConfiguration {

        @Bean
        SecurityFilterChain ownFilterChain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Note.class)
    static class ApplicationPackageConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Note.class)
    static class EntityScanConfiguration {

    }

}
