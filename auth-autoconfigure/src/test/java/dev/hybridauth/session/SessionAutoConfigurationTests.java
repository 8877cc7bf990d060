package dev.hybridauth.session;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.SessionUserIdResolver;
import dev.hybridauth.StartedSession;
import dev.hybridauth.UserState;
import dev.hybridauth.UserStateLoader;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.autoconfigure.app.Note;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.HybridAuthenticationSuccessHandler;
import dev.hybridauth.web.SessionRefresher;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionAutoConfiguration}.
 */
class SessionAutoConfigurationTests {

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

	/** No JPA: a DataSource, but no {@code EntityManagerFactory}. */
	private final WebApplicationContextRunner jdbcContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withConfiguration(SECURITY)
		.withConfiguration(HYBRID_AUTH);

	/** No database at all. */
	private final WebApplicationContextRunner noDatabaseContextRunner = new WebApplicationContextRunner()
		.withConfiguration(SECURITY)
		.withConfiguration(HYBRID_AUTH);

	@Test
	void usesTheJpaStoreWhenThereIsAnEntityManagerFactory() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SessionStore.class);
			assertThat(context).getBean(SessionStore.class).isInstanceOf(JpaSessionStore.class);
			assertThat(context).doesNotHaveBean(InMemorySessionStore.class);
			assertThat(context).hasSingleBean(SessionSchemaInitializer.class);
			assertThat(context).getBean(HybridSessionService.class).isInstanceOf(DefaultHybridSessionService.class);
			assertThat(context.getBean(HybridSessionService.class)).extracting("store")
				.isSameAs(context.getBean(SessionStore.class));
		});
	}

	@Test
	void theJpaStoreBoundsItsStatementsInWholeSecondsRoundedUp() {
		this.contextRunner.run(
				(context) -> assertThat(context.getBean(SessionStore.class)).extracting("timeoutSeconds").isEqualTo(5));
		this.contextRunner.withPropertyValues("hybrid-auth.session.statement-timeout=1500ms")
			.run((context) -> assertThat(context.getBean(SessionStore.class)).extracting("timeoutSeconds")
				.isEqualTo(2));
		this.contextRunner.withPropertyValues("hybrid-auth.session.statement-timeout=0")
			.run((context) -> assertThat(context.getBean(SessionStore.class)).extracting("timeoutSeconds")
				.isEqualTo(0));
		this.contextRunner.withPropertyValues("hybrid-auth.session.statement-timeout=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("timeout cannot be negative"));
	}

	@Test
	void refreshReuseWindowIsTenSecondsOrATenthOfTheJwtLifetimeAndMustBeShorterThanIt() {
		this.noDatabaseContextRunner.run((context) -> assertThat(context.getBean(HybridSessionService.class))
			.extracting("recentRefreshes.window")
			.isEqualTo(Duration.ofSeconds(10)));
		this.noDatabaseContextRunner.withPropertyValues("hybrid-auth.jwt.ttl=1m")
			.run((context) -> assertThat(context.getBean(HybridSessionService.class))
				.extracting("recentRefreshes.window")
				.isEqualTo(Duration.ofSeconds(6)));
		this.noDatabaseContextRunner.withPropertyValues("hybrid-auth.refresh.reuse-window=30s")
			.run((context) -> assertThat(context.getBean(HybridSessionService.class))
				.extracting("recentRefreshes.window")
				.isEqualTo(Duration.ofSeconds(30)));
		this.noDatabaseContextRunner.withPropertyValues("hybrid-auth.refresh.reuse-window=0")
			.run((context) -> assertThat(context.getBean(HybridSessionService.class)).extracting("recentRefreshes")
				.isNull());
		this.noDatabaseContextRunner.withPropertyValues("hybrid-auth.jwt.ttl=2m", "hybrid-auth.refresh.reuse-window=2m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hybrid-auth.refresh.reuse-window must be zero or positive and shorter than"));
		this.noDatabaseContextRunner.withPropertyValues("hybrid-auth.refresh.reuse-window=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hybrid-auth.refresh.reuse-window must be zero or positive"));
	}

	@Test
	void theRevocationFeedAndItsListenerAreOnByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RevocationView.class);
			assertThat(context).hasSingleBean(RevocationFeed.class);
			assertThat(context).as("PostgreSQL's driver is on the classpath").hasSingleBean(RevocationListener.class);
			assertThat(context.getBean(HybridSessionService.class)).extracting("revocationView")
				.isSameAs(context.getBean(RevocationView.class));
		});
	}

	@Test
	void withoutPostgresqlsDriverTheFeedPollsOnly() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.postgresql")).run((context) -> {
			assertThat(context).hasSingleBean(RevocationFeed.class);
			assertThat(context).doesNotHaveBean(RevocationListener.class);
		});
	}

	@Test
	void listeningCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("hybrid-auth.revocation.listen=false").run((context) -> {
			assertThat(context).hasSingleBean(RevocationFeed.class);
			assertThat(context).doesNotHaveBean(RevocationListener.class);
		});
	}

	@Test
	void theRevocationViewCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("hybrid-auth.revocation.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RevocationView.class);
			assertThat(context).doesNotHaveBean(RevocationFeed.class);
			assertThat(context).doesNotHaveBean(RevocationListener.class);
			assertThat(context.getBean(HybridSessionService.class)).extracting("revocationView").isNull();
		});
	}

	@Test
	void onH2TheListenerStopsAndTheFeedPolls() {
		this.contextRunner.run((context) -> {
			RevocationListener listener = context.getBean(RevocationListener.class);
			Thread thread = (Thread) org.springframework.test.util.ReflectionTestUtils.getField(listener, "thread");
			thread.join(5000);
			assertThat(thread.isAlive()).as("the listener's thread ended").isFalse();
			assertThat(context.getBean(RevocationFeed.class).isListening()).as("no listener").isNull();
			assertThat(context.getBean(RevocationFeed.class).lastPollAt()).as("the feed polled").isNotNull();
		});
	}

	@Test
	void sessionServiceStartsSessionsInTheJpaStore() {
		this.contextRunner.run((context) -> {
			StartedSession started = startSession(context.getBean(HybridSessionService.class));
			assertThat(context.getBean(SessionStore.class).findById(started.session().sessionId())).isPresent();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("select count(*) from hybrid_auth_session", Integer.class)).isOne();
		});
	}

	@Test
	void usesTheJdbcStoreWithADataSourceButNoEntityManagerFactory() {
		this.jdbcContextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EntityManagerFactory.class);
			assertThat(context).hasSingleBean(SessionStore.class);
			assertThat(context).getBean(SessionStore.class).isInstanceOf(JdbcSessionStore.class);
			assertThat(context).doesNotHaveBean(JpaSessionStore.class).doesNotHaveBean(InMemorySessionStore.class);
			assertThat(context).hasSingleBean(SessionSchemaInitializer.class);
			StartedSession started = startSession(context.getBean(HybridSessionService.class));
			assertThat(context.getBean(SessionStore.class).findById(started.session().sessionId())).isPresent();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("select count(*) from hybrid_auth_session", Integer.class)).isOne();
		});
	}

	@Test
	void usesTheJdbcStoreWithoutJpaOnTheClasspath() {
		this.jdbcContextRunner.withClassLoader(new FilteredClassLoader("jakarta.persistence", "org.hibernate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(DataSource.class);
				assertThat(context).getBean(SessionStore.class).isInstanceOf(JdbcSessionStore.class);
				StartedSession started = startSession(context.getBean(HybridSessionService.class));
				assertThat(context.getBean(SessionStore.class).findById(started.session().sessionId())).isPresent();
			});
	}

	@Test
	void theJdbcStoreJoinsTheTransactionsOfTheApplicationsManagerOfItsDataSource() {
		this.jdbcContextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(SessionStore.class))
				.extracting("transactions.transactionManager")
				.isSameAs(context.getBean(PlatformTransactionManager.class)));
	}

	@Test
	void theJdbcStoreHasAManagerOfItsOwnWhenTheApplicationsManagesAnotherResource() {
		PlatformTransactionManager other = new JdbcTransactionManager(new DriverManagerDataSource("jdbc:h2:mem:other"));
		this.jdbcContextRunner.withBean("otherTransactionManager", PlatformTransactionManager.class, () -> other)
			.run((context) -> assertThat(context.getBean(SessionStore.class))
				.extracting("transactions.transactionManager")
				.isNotSameAs(other)
				.isInstanceOfSatisfying(JdbcTransactionManager.class,
						(own) -> assertThat(own.getDataSource()).isSameAs(context.getBean(DataSource.class))));
		this.jdbcContextRunner.run((context) -> assertThat(context.getBean(SessionStore.class))
			.extracting("transactions.transactionManager")
			.isInstanceOf(JdbcTransactionManager.class));
	}

	@Test
	void theJdbcStoreBoundsItsStatementsInWholeSecondsRoundedUp() {
		this.jdbcContextRunner.run((context) -> assertThat(context.getBean(JdbcSessionStore.class))
			.extracting("jdbcTemplate.queryTimeout", "transactions.timeout")
			.containsExactly(5, 5));
		this.jdbcContextRunner.withPropertyValues("hybrid-auth.session.statement-timeout=1500ms")
			.run((context) -> assertThat(context.getBean(JdbcSessionStore.class))
				.extracting("jdbcTemplate.queryTimeout", "transactions.timeout")
				.containsExactly(2, 2));
		this.jdbcContextRunner.withPropertyValues("hybrid-auth.session.statement-timeout=0")
			.run((context) -> assertThat(context.getBean(JdbcSessionStore.class))
				.extracting("jdbcTemplate.queryTimeout", "transactions.timeout")
				.containsExactly(0, -1));
	}

	@Test
	void jdbcSessionStoreIsConditionalOnMissingBean() {
		InMemorySessionStore store = new InMemorySessionStore();
		this.jdbcContextRunner.withBean("userSessionStore", SessionStore.class, () -> store).run((context) -> {
			assertThat(context).hasSingleBean(SessionStore.class);
			assertThat(context).getBean(SessionStore.class).isSameAs(store);
			assertThat(context).doesNotHaveBean(JdbcSessionStore.class).doesNotHaveBean("hybridAuthSessionStore");
		});
	}

	@Test
	void usesAnInMemoryStoreWithoutADataSource() {
		this.noDatabaseContextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DataSource.class);
			assertThat(context).getBean(SessionStore.class).isInstanceOf(InMemorySessionStore.class);
			assertThat(context).doesNotHaveBean(SessionSchemaInitializer.class);
			assertThat(context).hasSingleBean(SessionCleanup.class);
			StartedSession started = startSession(context.getBean(HybridSessionService.class));
			assertThat(context.getBean(SessionStore.class).findById(started.session().sessionId())).isPresent();
		});
	}

	@Test
	void sessionStoreIsConditionalOnMissingBean() {
		InMemorySessionStore store = new InMemorySessionStore();
		this.contextRunner.withBean("userSessionStore", SessionStore.class, () -> store).run((context) -> {
			assertThat(context).hasSingleBean(SessionStore.class);
			assertThat(context).getBean(SessionStore.class).isSameAs(store);
			assertThat(context).doesNotHaveBean(JpaSessionStore.class);
			assertThat(context).doesNotHaveBean("hybridAuthSessionStore");
			StartedSession started = startSession(context.getBean(HybridSessionService.class));
			assertThat(store.findById(started.session().sessionId())).isPresent();
			assertThat(context.getBean(SessionCleanup.class)).extracting("store").isSameAs(store);
		});
	}

	@Test
	void inMemorySessionStoreIsConditionalOnMissingBean() {
		InMemorySessionStore store = new InMemorySessionStore();
		this.noDatabaseContextRunner.withBean("userSessionStore", SessionStore.class, () -> store).run((context) -> {
			assertThat(context).hasSingleBean(SessionStore.class);
			assertThat(context).getBean(SessionStore.class).isSameAs(store);
			assertThat(context).doesNotHaveBean("hybridAuthInMemorySessionStore");
		});
	}

	@Test
	void sessionServiceIsConditionalOnMissingBean() {
		this.contextRunner.withUserConfiguration(CustomSessionServiceConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HybridSessionService.class);
			HybridSessionService custom = context.getBean("customSessionService", HybridSessionService.class);
			assertThat(context).getBean(HybridSessionService.class).isSameAs(custom);
			assertThat(context).doesNotHaveBean(DefaultHybridSessionService.class);
			assertThat(context.getBean(SessionRefresher.class)).extracting("sessionService").isSameAs(custom);
			assertThat(context.getBean(HybridAuthenticationSuccessHandler.class)).extracting("sessionService")
				.isSameAs(custom);
		});
	}

	@Test
	void userStateLoaderReadsTheApplicationsUserDetailsServiceButNotFederatedIds() {
		this.contextRunner.withUserConfiguration(UsersConfiguration.class).run((context) -> {
			UserStateLoader loader = context.getBean(UserStateLoader.class);
			assertThat(loader.load("alice")).isEqualTo(UserState.of(List.of("ROLE_USER")));
			assertThat(loader.load("bob")).as("disabled").isEqualTo(UserState.unusable());
			assertThat(loader.load("nobody")).isEqualTo(UserState.unusable());
			assertThat(loader.load("oauth2:github:alice")).isEqualTo(UserState.unchanged());
			assertThat(context.getBean(HybridSessionService.class)).extracting("userStateLoader").isSameAs(loader);
		});
	}

	@Test
	void userStateLoaderWithoutAUserDetailsServiceKeepsTheSessionsAuthorities() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
			.withConfiguration(HYBRID_AUTH)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(UserDetailsService.class);
				assertThat(context.getBean(UserStateLoader.class).load("alice")).isEqualTo(UserState.unchanged());
			});
	}

	@Test
	void userStateLoaderIsConditionalOnMissingBean() {
		UserStateLoader custom = (userId) -> UserState.of(List.of("ROLE_CUSTOM"));
		this.contextRunner.withUserConfiguration(UsersConfiguration.class)
			.withBean("customUserStateLoader", UserStateLoader.class, () -> custom)
			.run((context) -> {
				assertThat(context).hasSingleBean(UserStateLoader.class).doesNotHaveBean("hybridAuthUserStateLoader");
				assertThat(context.getBean(HybridSessionService.class)).extracting("userStateLoader").isSameAs(custom);
			});
	}

	@Test
	void sessionUserIdResolverIsConditionalOnMissingBean() {
		SessionUserIdResolver custom = (authentication) -> "local:" + authentication.getName();
		this.contextRunner.withBean("customResolver", SessionUserIdResolver.class, () -> custom).run((context) -> {
			assertThat(context).hasSingleBean(SessionUserIdResolver.class)
				.doesNotHaveBean("hybridAuthSessionUserIdResolver");
			assertThat(startSession(context.getBean(HybridSessionService.class)).session().userId())
				.isEqualTo("local:alice");
		});
	}

	@Test
	void sessionServiceAppliesTheSessionProperties() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.session.idle-timeout=10m", "hybrid-auth.session.absolute-timeout=2h",
					"hybrid-auth.session.touch-interval=5s", "hybrid-auth.session.max-per-user=3",
					"hybrid-auth.session.limit-policy=refuse")
			.run((context) -> assertThat(context.getBean(HybridSessionService.class))
				.hasFieldOrPropertyWithValue("idleTimeout", Duration.ofMinutes(10))
				.hasFieldOrPropertyWithValue("absoluteTimeout", Duration.ofHours(2))
				.hasFieldOrPropertyWithValue("touchInterval", Duration.ofSeconds(5))
				.hasFieldOrPropertyWithValue("maxSessionsPerUser", 3)
				.hasFieldOrPropertyWithValue("sessionLimitPolicy", SessionLimitPolicy.REFUSE));
	}

	@Test
	void sessionServiceUsesTheApplicationsClock() {
		Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
		this.contextRunner.withBean(Clock.class, () -> clock).run((context) -> {
			StartedSession started = startSession(context.getBean(HybridSessionService.class));
			assertThat(started.session().startedAt()).isEqualTo(clock.instant());
		});
	}

	@Test
	void nonPositiveIdleTimeoutFailsStartup() {
		this.contextRunner.withPropertyValues("hybrid-auth.session.idle-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("idleTimeout must be positive");
		});
	}

	@Test
	void negativeSessionLimitFailsStartup() {
		this.contextRunner.withPropertyValues("hybrid-auth.session.max-per-user=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("maxSessionsPerUser cannot be negative");
		});
	}

	@Test
	void cleanupRunsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SessionCleanup.class);
			SessionCleanup cleanup = context.getBean(SessionCleanup.class);
			assertThat(cleanup.isRunning()).isTrue();
			assertThat(cleanup).extracting("store").isSameAs(context.getBean(SessionStore.class));
			assertThat(cleanup).extracting("scheduler")
				.isSameAs(context.getBean(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME));
			assertThat(cleanup.run()).isZero();
		});
	}

	@Test
	void cleanupAppliesTheCleanupProperties() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.cleanup.interval=1m", "hybrid-auth.cleanup.retention=2d",
					"hybrid-auth.cleanup.batch-size=10")
			.run((context) -> assertThat(context.getBean(SessionCleanup.class))
				.hasFieldOrPropertyWithValue("interval", Duration.ofMinutes(1))
				.hasFieldOrPropertyWithValue("retention", Duration.ofDays(2))
				.hasFieldOrPropertyWithValue("batchSize", 10));
	}

	@Test
	void cleanupCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("hybrid-auth.cleanup.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionCleanup.class));
	}

	@Test
	void cleanupIsConditionalOnMissingBean() {
		this.contextRunner.withUserConfiguration(CustomCleanupConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionCleanup.class);
			assertThat(context).getBean(SessionCleanup.class).isSameAs(context.getBean("customCleanup"));
		});
	}

	@Test
	void nonPositiveCleanupIntervalFailsStartup() {
		this.contextRunner.withPropertyValues("hybrid-auth.cleanup.interval=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("interval must be positive");
		});
	}

	@Test
	void schemaIsCreatedOnAnEmbeddedDatabase() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(tableCount(jdbc, "hybrid_auth_session")).isOne();
			assertThat(tableCount(jdbc, "hybrid_auth_signing_key")).isOne();
		});
	}

	@Test
	void schemaInitializerIsConditionalOnMissingBean() {
		this.contextRunner.withUserConfiguration(CustomSchemaInitializerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionSchemaInitializer.class);
			assertThat(context).getBean(SessionSchemaInitializer.class)
				.isSameAs(context.getBean("customSchemaInitializer"));
		});
	}

	@Test
	void schemaCreationCanBeTurnedOffAndThenTheTablesMustExist() {
		this.contextRunner.withPropertyValues("hybrid-auth.session.initialize-schema=never").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(MissingSchemaException.class)
				.hasMessageContaining("table hybrid_auth_signing_key is missing");
		});
	}

	@Test
	void sessionEntityIsAddedToTheApplicationsAutoConfigurationPackage() {
		this.contextRunner.withUserConfiguration(ApplicationPackageConfiguration.class)
			.run((context) -> assertThat(managedEntities(context.getBean(EntityManagerFactory.class)))
				.contains(Note.class, SessionEntity.class));
	}

	@Test
	void sessionEntityIsAddedToTheApplicationsEntityScan() {
		this.contextRunner.withUserConfiguration(EntityScanConfiguration.class)
			.run((context) -> assertThat(managedEntities(context.getBean(EntityManagerFactory.class)))
				.contains(Note.class, SessionEntity.class));
	}

	private static StartedSession startSession(HybridSessionService service) {
		return service.start(UsernamePasswordAuthenticationToken.authenticated("alice", null,
				AuthorityUtils.createAuthorityList("ROLE_USER")), new ClientInfo("127.0.0.1", "test"));
	}

	private static List<Class<?>> managedEntities(EntityManagerFactory entityManagerFactory) {
		return entityManagerFactory.getMetamodel()
			.getEntities()
			.stream()
			.<Class<?>>map((entity) -> entity.getJavaType())
			.toList();
	}

	private static int tableCount(JdbcTemplate jdbc, String table) {
		Integer count = jdbc.queryForObject(
				"select count(*) from information_schema.tables where lower(table_name) = ?", Integer.class, table);
		return (count != null) ? count : 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomSessionServiceConfiguration {

		@Bean
		HybridSessionService customSessionService() {
			return (HybridSessionService) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { HybridSessionService.class }, (proxy, method, args) -> switch (method.getName()) {
						case "toString" -> "customSessionService";
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UsersConfiguration {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}a").roles("USER").build(),
					User.withUsername("bob").password("{noop}b").roles("USER").disabled(true).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomCleanupConfiguration {

		@Bean
		SessionCleanup customCleanup(SessionStore store) {
			return new SessionCleanup(store, new ConcurrentTaskScheduler(), Clock.systemUTC(), Duration.ofDays(1), 10,
					Duration.ofHours(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomSchemaInitializerConfiguration {

		@Bean
		SessionSchemaInitializer customSchemaInitializer(DataSource dataSource) {
			return new SessionSchemaInitializer(dataSource, DatabaseInitializationMode.EMBEDDED);
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
