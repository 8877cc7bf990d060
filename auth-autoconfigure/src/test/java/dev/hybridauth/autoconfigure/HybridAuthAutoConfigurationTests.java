package dev.hybridauth.autoconfigure;

import java.time.Duration;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.SessionLimitPolicy;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottle;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.login.PasswordCheck;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.SigningKeys;
import dev.hybridauth.web.EndpointSettings;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HybridAuthAutoConfiguration}: when hybrid-auth applies at all, its
 * properties, and the scheduler of its background jobs.
 */
class HybridAuthAutoConfigurationTests {

	private static final AutoConfigurations HYBRID_AUTH = AutoConfigurations.of(HybridAuthAutoConfiguration.class,
			SessionAutoConfiguration.class, SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
			HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
			LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withConfiguration(HYBRID_AUTH)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

	@Test
	void appliesToAServletWebApplicationWithSpringSecurity() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(HybridAuthProperties.class);
			assertThat(context).hasSingleBean(HybridSessionService.class);
			assertThat(context).hasBean("hybridAuthSecurityFilterChain");
		});
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EnableWebSecurity.class))
			.run(hasNoHybridAuthBeans());
	}

	@Test
	void doesNothingOutsideAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
							TransactionAutoConfiguration.class, SecurityAutoConfiguration.class))
			.withConfiguration(HYBRID_AUTH)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=none")
			.run(hasNoHybridAuthBeans());
	}

	@Test
	void doesNothingInAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class))
			.withConfiguration(HYBRID_AUTH)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HybridAuthProperties.class);
				assertThat(context).doesNotHaveBean(HybridSessionService.class);
				assertThat(context).doesNotHaveBean(SigningKeys.class);
			});
	}

	@Test
	void theFeatureAutoConfigurationsBackOffWithoutThisOne() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
					HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
					LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HybridSessionService.class);
				assertThat(context).doesNotHaveBean(SigningKeys.class);
				assertThat(context).doesNotHaveBean(EndpointSettings.class);
				assertThat(context).doesNotHaveBean(PasswordCheck.class);
				assertThat(context).doesNotHaveBean(LoginThrottle.class);
				assertThat(context).doesNotHaveBean("hybridAuthSecurityFilterChain");
			});
	}

	@Test
	void backgroundJobsRunOnASchedulerOfTheirOwn() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME);
			ThreadPoolTaskScheduler scheduler = context.getBean(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME,
					ThreadPoolTaskScheduler.class);
			assertThat(scheduler.getThreadNamePrefix()).isEqualTo("hybrid-auth-");
			assertThat(scheduler.isDaemon()).isTrue();
			assertThat(scheduler.getScheduledExecutor().isShutdown()).isFalse();
		});
	}

	@Test
	void propertiesHaveDefaults() {
		this.contextRunner.run((context) -> {
			HybridAuthProperties properties = context.getBean(HybridAuthProperties.class);
			assertThat(properties.getEndpoints().getBasePath()).isEqualTo("/auth");
			assertThat(properties.getSession().getIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
			assertThat(properties.getSession().getAbsoluteTimeout()).isEqualTo(Duration.ofHours(8));
			assertThat(properties.getSession().getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);
			assertThat(properties.getJwt().getAlgorithm()).isEqualTo(JwtAlgorithm.RS256);
			assertThat(properties.getJwt().getTtl()).isEqualTo(Duration.ofMinutes(5));
			assertThat(properties.getJwt().getCache().isEnabled()).isTrue();
			assertThat(properties.getCleanup().isEnabled()).isTrue();
			assertThat(properties.getRefresh().isAcceptExpiredJwt()).isFalse();
		});
	}

	@Test
	void propertiesBindToTheirTypes() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.session.idle-timeout=10m", "hybrid-auth.session.absolute-timeout=2h",
					"hybrid-auth.session.touch-interval=5s", "hybrid-auth.session.max-per-user=3",
					"hybrid-auth.session.limit-policy=refuse", "hybrid-auth.cookie.secure=true",
					"hybrid-auth.cookie.same-site=Strict", "hybrid-auth.endpoints.base-path=/session-api",
					"hybrid-auth.jwt.algorithm=ES256", "hybrid-auth.jwt.key-rotation-interval=1d",
					"hybrid-auth.jwt.cache.max-size=42", "hybrid-auth.sensitive-paths=/api/payments/**,/admin/**",
					"hybrid-auth.cleanup.retention=2d", "hybrid-auth.refresh.accept-expired-jwt=true")
			.run((context) -> {
				HybridAuthProperties properties = context.getBean(HybridAuthProperties.class);
				assertThat(properties.getSession().getIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getSession().getAbsoluteTimeout()).isEqualTo(Duration.ofHours(2));
				assertThat(properties.getSession().getTouchInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getSession().getMaxPerUser()).isEqualTo(3);
				assertThat(properties.getSession().getLimitPolicy()).isEqualTo(SessionLimitPolicy.REFUSE);
				assertThat(properties.getCookie().getSecure()).isTrue();
				assertThat(properties.getCookie().getSameSite()).isEqualTo("Strict");
				assertThat(properties.getEndpoints().getBasePath()).isEqualTo("/session-api");
				assertThat(properties.getJwt().getAlgorithm()).isEqualTo(JwtAlgorithm.ES256);
				assertThat(properties.getJwt().getKeyRotationInterval()).isEqualTo(Duration.ofDays(1));
				assertThat(properties.getJwt().getCache().getMaxSize()).isEqualTo(42);
				assertThat(properties.getSensitivePaths()).containsExactly("/api/payments/**", "/admin/**");
				assertThat(properties.getCleanup().getRetention()).isEqualTo(Duration.ofDays(2));
				assertThat(properties.getRefresh().isAcceptExpiredJwt()).isTrue();
			});
	}

	private static ContextConsumer<ApplicationContextAssertProvider<?>> hasNoHybridAuthBeans() {
		return (context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(HybridAuthProperties.class)
			.doesNotHaveBean(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME)
			.doesNotHaveBean(SessionStore.class)
			.doesNotHaveBean(HybridSessionService.class)
			.doesNotHaveBean(SigningKeys.class)
			.doesNotHaveBean(SessionJwtVerifier.class)
			.doesNotHaveBean(EndpointSettings.class)
			.doesNotHaveBean(SessionCookies.class)
			.doesNotHaveBean(PasswordCheck.class)
			.doesNotHaveBean(LoginThrottle.class)
			.doesNotHaveBean("hybridAuthSecurityFilterChain");
	}

}
