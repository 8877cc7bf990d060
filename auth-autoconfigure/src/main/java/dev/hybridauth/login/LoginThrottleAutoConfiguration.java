package dev.hybridauth.login;

import java.time.Clock;

import javax.sql.DataSource;

import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.metrics.HybridAuthMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of password checks: the {@link PasswordCheck} that every hybrid-auth
 * login goes through, and the {@link LoginThrottle} it asks (unless
 * {@code hybrid-auth.login.throttle.enabled=false}, or the application has its own): kept
 * in the database when there is a {@code DataSource}, else in bounded memory, as
 * {@code hybrid-auth.login.throttle.store} says.
 */
@AutoConfiguration(after = HybridAuthAutoConfiguration.class)
@ConditionalOnBean(HybridAuthProperties.class)
@Import(LoginThrottleAutoConfiguration.ThrottleConfiguration.class)
public final class LoginThrottleAutoConfiguration {

	@Bean
	PasswordCheck hybridAuthPasswordCheck(ObjectProvider<LoginThrottle> throttle, HybridAuthProperties properties,
			ObjectProvider<HybridAuthMetrics> metrics, ApplicationEventPublisher events) {
		HybridAuthProperties.Login login = properties.getLogin();
		int maxConcurrentChecks = (login.getMaxConcurrentChecks() != null) ? login.getMaxConcurrentChecks()
				: 2 * Runtime.getRuntime().availableProcessors();
		return new PasswordCheck(throttle.getIfUnique(() -> LoginThrottle.NONE), maxConcurrentChecks,
				login.getCheckWait(), events, metrics.getIfUnique(() -> HybridAuthMetrics.NONE));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hybrid-auth.login.throttle.enabled", matchIfMissing = true)
	static class ThrottleConfiguration {

		/**
		 * The throttle on the store that {@code hybrid-auth.login.throttle.store} names.
		 * @param properties the properties
		 * @param dataSource the application's database, if any: with several and none
		 * primary, {@code auto} fails, as the schema initializer does, rather than count
		 * in memory
		 * @param clock the application's clock, if any
		 * @param scheduler where the database store deletes its expired rows
		 * @return the throttle, in the database or in memory
		 */
		@Bean
		@ConditionalOnMissingBean(LoginThrottle.class)
		@DependsOnDatabaseInitialization
		KeyedLoginThrottle hybridAuthLoginThrottle(HybridAuthProperties properties,
				ObjectProvider<DataSource> dataSource, ObjectProvider<Clock> clock,
				@Qualifier(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) TaskScheduler scheduler) {
			HybridAuthProperties.Throttle throttle = properties.getLogin().getThrottle();
			ThrottleRules rules = new ThrottleRules(throttle.getMaxFailures(), throttle.getInitialBackoff(),
					throttle.getMaxBackoff(), throttle.getAccountMaxFailures(), throttle.getAddressMaxFailures(),
					throttle.getWindow());
			Clock time = clock.getIfAvailable(Clock::systemUTC);
			DataSource database = (throttle.getStore() != HybridAuthProperties.Throttle.Store.MEMORY)
					? dataSource.getIfAvailable() : null;
			if (database == null && throttle.getStore() == HybridAuthProperties.Throttle.Store.DATABASE) {
				throw new IllegalStateException("hybrid-auth.login.throttle.store=database needs a DataSource");
			}
			if (database == null) {
				return new InMemoryLoginThrottle(rules, time, throttle.getMaxEntries());
			}
			return new JdbcLoginThrottle(rules, time, new JdbcTemplate(database), scheduler);
		}

	}

}
