package dev.hybridauth.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.config.HybridAuthConfigurer;
import dev.hybridauth.session.DefaultHybridSessionService;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.metrics.MicrometerHybridAuthMetrics;
import dev.hybridauth.session.JpaSessionStore;
import dev.hybridauth.session.SessionCleanup;
import dev.hybridauth.session.SessionEntity;
import dev.hybridauth.session.SessionSchemaInitializer;
import dev.hybridauth.token.SessionJwtIssuer;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.SigningKeys;
import dev.hybridauth.web.HeaderValues;
import dev.hybridauth.web.HybridAuthEndpoints;
import dev.hybridauth.web.HybridAuthenticationSuccessHandler;
import dev.hybridauth.web.SensitiveRoutes;
import dev.hybridauth.web.JwksEndpoint;
import dev.hybridauth.web.SessionCookies;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of hybrid-auth: the JPA session store and its schema, the session JWT keys, issuer and
 * verifier, the session service and its cleanup, sensitive routes, metrics, the endpoints and the JWKS, and (unless the application defines its own) a security filter chain with the hybrid-auth
 * behaviour.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class },
        before = { ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ EnableWebSecurity.class, EntityManagerFactory.class })
@EnableConfigurationProperties(HybridAuthProperties.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, HybridAuthAutoConfiguration.SessionEntityRegistrar.class,
        HybridAuthAutoConfiguration.SessionSchemaConfiguration.class,
        SessionJwtConfiguration.class, HybridAuthAutoConfiguration.SessionStoreConfiguration.class,
        HybridAuthAutoConfiguration.WebConfiguration.class,
        HybridAuthAutoConfiguration.MetricsConfiguration.class,
        HybridAuthAutoConfiguration.DefaultSecurityFilterChainConfiguration.class })
public final class HybridAuthAutoConfiguration {

    private HybridAuthAutoConfiguration() {
    }

    static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Adds the session entity's package to the packages JPA scans, without replacing the application's own:
     * to the auto-configuration packages, and to the {@code @EntityScan} packages when the application
     * declared some.
     */
    static class SessionEntityRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            String sessionPackage = SessionEntity.class.getPackageName();
            AutoConfigurationPackages.register(registry, sessionPackage);
            if (registry.containsBeanDefinition(EntityScanPackages.class.getName())) {
                EntityScanPackages.register(registry, sessionPackage);
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(EntityManagerFactory.class)
    static class SessionStoreConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JpaSessionStore hybridAuthSessionStore(EntityManagerFactory entityManagerFactory,
                PlatformTransactionManager transactionManager) {
            return new JpaSessionStore(entityManagerFactory, transactionManager);
        }

        @Bean
        @ConditionalOnMissingBean(HybridSessionService.class)
        DefaultHybridSessionService hybridSessionService(JpaSessionStore store, SessionJwtIssuer jwtIssuer,
                ObjectProvider<UserDetailsService> userDetailsService, HybridAuthProperties properties,
                ObjectProvider<Clock> clock, ApplicationEventPublisher eventPublisher) {
            DefaultHybridSessionService service = new DefaultHybridSessionService(store, jwtIssuer,
                    userDetailsService.getIfUnique(), clock(clock));
            HybridAuthProperties.Session session = properties.getSession();
            service.setIdleTimeout(session.getIdleTimeout());
            service.setAbsoluteTimeout(session.getAbsoluteTimeout());
            service.setTouchInterval(session.getTouchInterval());
            service.setSessionLimit(session.getMaxPerUser(), session.getLimitPolicy());
            service.setEventPublisher(eventPublisher);
            return service;
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBooleanProperty(name = "hybrid-auth.cleanup.enabled", matchIfMissing = true)
        @DependsOnDatabaseInitialization
        SessionCleanup hybridAuthSessionCleanup(DataSource dataSource, HybridAuthProperties properties,
                ObjectProvider<Clock> clock) {
            HybridAuthProperties.Cleanup cleanup = properties.getCleanup();
            return new SessionCleanup(new JdbcTemplate(dataSource), clock(clock), cleanup.getRetention(),
                    cleanup.getBatchSize(), cleanup.getInterval());
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(DataSource.class)
    static class SessionSchemaConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SessionSchemaInitializer hybridAuthSessionSchemaInitializer(DataSource dataSource,
                HybridAuthProperties properties) {
            return new SessionSchemaInitializer(dataSource, properties.getSession().getInitializeSchema());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class WebConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SessionCookies hybridAuthSessionCookies(HybridAuthProperties properties) {
            return new SessionCookies(properties.getCookie().getSecure(), properties.getCookie().getSameSite());
        }

        @Bean
        @ConditionalOnMissingBean
        HybridAuthEndpoints hybridAuthEndpoints(ObjectProvider<AuthenticationManager> authenticationManager,
                AuthenticationConfiguration authenticationConfiguration, HybridSessionService sessionService,
                SessionCookies cookies, SessionJwtVerifier jwtVerifier, HybridAuthProperties properties,
                ObjectProvider<Clock> clock) {
            HybridAuthProperties.Refresh refresh = properties.getRefresh();
            return new HybridAuthEndpoints(
                    SingletonSupplier.of(() -> authenticationManager
                        .getIfAvailable(() -> applicationAuthenticationManager(authenticationConfiguration))),
                    sessionService, cookies, clock(clock), properties.getSession().isTokenInBody(), jwtVerifier,
                    refresh.isAcceptExpiredJwt() ? refresh.getExpiredJwtGracePeriod() : null);
        }

        /**
         * Spring Security's default firewall with the same header-value rule, checked without a regular expression:
         * every JWT-authenticated request has the firewall check an 800-byte header.
         */
        @Bean
        @ConditionalOnMissingBean(HttpFirewall.class)
        StrictHttpFirewall hybridAuthHttpFirewall() {
            StrictHttpFirewall firewall = new StrictHttpFirewall();
            firewall.setAllowedHeaderValues(HeaderValues::isAllowed);
            return firewall;
        }

        @Bean
        @ConditionalOnMissingBean
        HybridAuthenticationSuccessHandler hybridAuthenticationSuccessHandler(HybridSessionService sessionService,
                SessionCookies cookies, ObjectProvider<Clock> clock) {
            return new HybridAuthenticationSuccessHandler(sessionService, cookies, clock(clock));
        }

        @Bean
        @ConditionalOnMissingBean
        SensitiveRoutes hybridAuthSensitiveRoutes(ApplicationContext context, HybridAuthProperties properties) {
            PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
            String base = properties.getEndpoints().getBasePath();
            List<RequestMatcher> sensitive = new ArrayList<>(List.of(paths.matcher(base + "/sessions"),
                    paths.matcher(base + "/sessions/*"), paths.matcher(base + "/logout-all"),
                    paths.matcher(base + "/reauthenticate")));
            properties.getSensitivePaths().forEach(pattern -> sensitive.add(paths.matcher(pattern)));
            return new SensitiveRoutes(context, sensitive);
        }

        @Bean
        @ConditionalOnMissingBean
        JwksEndpoint hybridAuthJwksEndpoint(SigningKeys keys, HybridAuthProperties properties) {
            return new JwksEndpoint(keys, properties.getJwt().getTtl());
        }

        private static AuthenticationManager applicationAuthenticationManager(
                AuthenticationConfiguration authenticationConfiguration) {
            try {
                return authenticationConfiguration.getAuthenticationManager();
            }
            catch (Exception ex) {
                throw new IllegalStateException("hybrid-auth needs an AuthenticationManager for its login endpoint: "
                        + "define a UserDetailsService and a PasswordEncoder, or an AuthenticationManager bean", ex);
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(HybridAuthMetrics.class)
        MicrometerHybridAuthMetrics hybridAuthMetrics(MeterRegistry registry) {
            return new MicrometerHybridAuthMetrics(registry);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnDefaultWebSecurity
    static class DefaultSecurityFilterChainConfiguration {

        @Bean
        SecurityFilterChain hybridAuthSecurityFilterChain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            http.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
            return http.build();
        }

    }

}
