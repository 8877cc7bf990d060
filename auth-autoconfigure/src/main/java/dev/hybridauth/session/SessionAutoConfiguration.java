package dev.hybridauth.session;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SessionUserIdResolver;
import dev.hybridauth.UserStateLoader;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.SessionJwtIssuer;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.jta.JtaTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.util.Assert;

/**
 * Auto-configuration of the session store and the {@link HybridSessionService}: the JPA
 * store on the application's {@code EntityManagerFactory}; without one, the JDBC store on
 * its {@code DataSource}; without either, an {@link InMemorySessionStore}. Also the
 * {@link UserStateLoader} and the {@link SessionUserIdResolver}, the schema on embedded
 * databases, and the cleanup of ended sessions. Each bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(after = HybridAuthAutoConfiguration.class)
@ConditionalOnBean(HybridAuthProperties.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, SessionAutoConfiguration.SchemaConfiguration.class,
		SessionAutoConfiguration.RevocationConfiguration.class, SessionAutoConfiguration.JpaStoreConfiguration.class,
		SessionAutoConfiguration.JdbcStoreConfiguration.class,
		SessionAutoConfiguration.InMemoryStoreConfiguration.class, SchemaCheckConfiguration.class })
public final class SessionAutoConfiguration {

	// sessions whose last refresh each node keeps for the reuse window: at 10 s, 1,000
	// refreshes of distinct sessions a second
	private static final int MAX_RECENT_REFRESHES = 10_000;

	private static final Duration DEFAULT_REUSE_WINDOW = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean(HybridSessionService.class)
	HybridSessionService hybridSessionService(SessionStore store, SessionJwtIssuer jwtIssuer,
			UserStateLoader userStateLoader, SessionUserIdResolver userIdResolver, HybridAuthProperties properties,
			ObjectProvider<Clock> clock, ApplicationEventPublisher eventPublisher,
			ObjectProvider<RevocationView> revocationView, ObjectProvider<HybridAuthMetrics> metrics) {
		DefaultHybridSessionService service = new DefaultHybridSessionService(store, jwtIssuer, userStateLoader,
				clock.getIfAvailable(Clock::systemUTC));
		service.setUserIdResolver(userIdResolver);
		HybridAuthProperties.Session session = properties.getSession();
		service.setIdleTimeout(session.getIdleTimeout());
		service.setAbsoluteTimeout(session.getAbsoluteTimeout());
		service.setTouchInterval(session.getTouchInterval());
		service.setSessionLimit(session.getMaxPerUser(), session.getLimitPolicy());
		service.setEventPublisher(eventPublisher);
		revocationView.ifAvailable(service::setRevocationView);
		service.setRefreshReuseWindow(refreshReuseWindow(properties), MAX_RECENT_REFRESHES);
		metrics.ifUnique(service::setMetrics);
		return service;
	}

	static Duration refreshReuseWindow(HybridAuthProperties properties) {
		Duration ttl = properties.getJwt().getTtl();
		Duration window = properties.getRefresh().getReuseWindow();
		if (window == null) {
			// no longer than the touch interval either: the session cookie alone is a
			// live
			// path, and sees a change in the user store within it
			Duration touchInterval = properties.getSession().getTouchInterval();
			Duration tenth = ttl.dividedBy(10);
			Duration shortest = (tenth.compareTo(DEFAULT_REUSE_WINDOW) < 0) ? tenth : DEFAULT_REUSE_WINDOW;
			return (touchInterval.compareTo(shortest) < 0) ? touchInterval : shortest;
		}
		Assert.isTrue(!window.isNegative() && window.compareTo(ttl) < 0,
				"hybrid-auth.refresh.reuse-window must be zero or positive and shorter than hybrid-auth.jwt.ttl");
		return window;
	}

	// a JWT can be valid until its lifetime and the clock skew have passed: a revocation
	// matters that long, and no longer
	private static Duration jwtLifetime(HybridAuthProperties properties) {
		return properties.getJwt().getTtl().plus(properties.getJwt().getClockSkew());
	}

	// the users through the application's UserDetailsService, when it has exactly one;
	// without one, sessions keep their authorities
	@Bean
	@ConditionalOnMissingBean(UserStateLoader.class)
	UserDetailsUserStateLoader hybridAuthUserStateLoader(ObjectProvider<UserDetailsService> userDetailsService) {
		return new UserDetailsUserStateLoader(userDetailsService.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(SessionUserIdResolver.class)
	DefaultSessionUserIdResolver hybridAuthSessionUserIdResolver() {
		return new DefaultSessionUserIdResolver();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "hybrid-auth.cleanup.enabled", matchIfMissing = true)
	@DependsOnDatabaseInitialization
	SessionCleanup hybridAuthSessionCleanup(SessionStore store,
			@Qualifier(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) TaskScheduler scheduler,
			HybridAuthProperties properties, ObjectProvider<Clock> clock) {
		HybridAuthProperties.Cleanup cleanup = properties.getCleanup();
		SessionCleanup sessionCleanup = new SessionCleanup(store, scheduler, clock.getIfAvailable(Clock::systemUTC),
				cleanup.getRetention(), cleanup.getBatchSize(), cleanup.getInterval());
		sessionCleanup.setRevocationRetention(jwtLifetime(properties));
		return sessionCleanup;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	static class SchemaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionSchemaInitializer hybridAuthSessionSchemaInitializer(DataSource dataSource,
				HybridAuthProperties properties) {
			return new SessionSchemaInitializer(dataSource, properties.getSession().getInitializeSchema());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hybrid-auth.revocation.enabled", matchIfMissing = true)
	static class RevocationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RevocationView hybridAuthRevocationView(HybridAuthProperties properties, ObjectProvider<Clock> clock) {
			return new RevocationView(jwtLifetime(properties), clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		RevocationFeed hybridAuthRevocationFeed(SessionStore store, RevocationView view,
				@Qualifier(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) TaskScheduler scheduler,
				HybridAuthProperties properties, ObjectProvider<Clock> clock,
				ObjectProvider<HybridAuthMetrics> metrics) {
			HybridAuthProperties.Revocation revocation = properties.getRevocation();
			RevocationFeed feed = new RevocationFeed(store, view, scheduler, clock.getIfAvailable(Clock::systemUTC),
					revocation.getPollInterval(), revocation.getMaxDelay(), revocation.getBatchSize());
			metrics.ifUnique(feed::setMetrics);
			return feed;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.postgresql.PGConnection")
		@ConditionalOnBean(DataSource.class)
		@ConditionalOnBooleanProperty(name = "hybrid-auth.revocation.listen", matchIfMissing = true)
		static class RevocationListenerConfiguration {

			private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

			@Bean
			@ConditionalOnMissingBean
			RevocationListener hybridAuthRevocationListener(DataSource dataSource, RevocationFeed feed) {
				return new RevocationListener(ownConnections(dataSource), feed, RECONNECT_DELAY);
			}

			// the listener holds its connection for good: one of the pool's would be
			// taken
			// from the requests, so it opens its own with the pool's settings when it can
			private static DataSource ownConnections(DataSource pool) {
				try {
					return DataSourceBuilder.derivedFrom(pool).type(SimpleDriverDataSource.class).build();
				}
				catch (RuntimeException ex) {
					return pool;
				}
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntityManagerFactory.class)
	@ConditionalOnBean(EntityManagerFactory.class)
	@Import(SessionEntityRegistrar.class)
	static class JpaStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		SessionStore hybridAuthSessionStore(EntityManagerFactory entityManagerFactory,
				PlatformTransactionManager transactionManager, HybridAuthProperties properties) {
			JpaSessionStore store = new JpaSessionStore(entityManagerFactory, transactionManager);
			store.setStatementTimeout(properties.getSession().getStatementTimeout());
			return store;
		}

	}

	// JPA is optional: its types are named, never loaded, where it may be absent
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnMissingBean(type = "jakarta.persistence.EntityManagerFactory")
	static class JdbcStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		JdbcSessionStore hybridAuthSessionStore(DataSource dataSource,
				ObjectProvider<PlatformTransactionManager> transactionManager, HybridAuthProperties properties) {
			JdbcSessionStore store = new JdbcSessionStore(dataSource,
					transactionManager(dataSource, transactionManager.getIfUnique()));
			store.setStatementTimeout(properties.getSession().getStatementTimeout());
			return store;
		}

		// the application's transaction manager when it manages this DataSource's
		// transactions (so that the store joins them), else one of the store's own: an
		// application's only manager may be for something else (JMS, Kafka)
		private static PlatformTransactionManager transactionManager(DataSource dataSource,
				PlatformTransactionManager candidate) {
			if ((candidate instanceof ResourceTransactionManager resources
					&& resources.getResourceFactory() == dataSource) || candidate instanceof JtaTransactionManager) {
				return candidate;
			}
			return new JdbcTransactionManager(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(type = { "jakarta.persistence.EntityManagerFactory", "javax.sql.DataSource" })
	static class InMemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		InMemorySessionStore hybridAuthInMemorySessionStore() {
			return new InMemorySessionStore();
		}

	}

	/**
	 * Adds the session entity's package to the packages JPA scans, without replacing the
	 * application's own: to the auto-configuration packages, and to the
	 * {@code @EntityScan} packages when the application declared some.
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

}
