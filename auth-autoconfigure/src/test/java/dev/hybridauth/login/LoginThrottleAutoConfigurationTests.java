package dev.hybridauth.login;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import dev.hybridauth.LoginLimit;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LoginThrottleAutoConfiguration}: which store the throttle keeps its
 * counters in, and that an application's throttle wins.
 */
class LoginThrottleAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class))
		.withConfiguration(
				AutoConfigurations.of(HybridAuthAutoConfiguration.class, LoginThrottleAutoConfiguration.class));

	private final WebApplicationContextRunner withDatabase = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class))
		.withPropertyValues("spring.sql.init.schema-locations=classpath:dev/hybridauth/session/schema-h2.sql");

	@Test
	void throttleIsInTheDatabaseWhenThereIsADataSource() {
		this.withDatabase.run((context) -> {
			assertThat(context).hasSingleBean(LoginThrottle.class);
			assertThat(context).getBean(LoginThrottle.class).isInstanceOf(JdbcLoginThrottle.class);
			assertThat(context).hasSingleBean(PasswordCheck.class);
			assertThat(context.getBean(PasswordCheck.class)).extracting("throttle")
				.isSameAs(context.getBean(LoginThrottle.class));
		});
	}

	@Test
	void throttleIsInMemoryWithoutADataSource() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBean(LoginThrottle.class).isInstanceOf(InMemoryLoginThrottle.class);
			assertThat(context.getBean(PasswordCheck.class)).extracting("throttle")
				.isSameAs(context.getBean(LoginThrottle.class));
		});
	}

	@Test
	void memoryStoreIsUsedWhenAskedForEvenWithADataSource() {
		this.withDatabase.withPropertyValues("hybrid-auth.login.throttle.store=memory")
			.run((context) -> assertThat(context).getBean(LoginThrottle.class)
				.isInstanceOf(InMemoryLoginThrottle.class));
	}

	@Test
	void databaseWithoutTheTableFailsTheStartUpNamingIt() {
		// checked with the rest of hybrid-auth's tables, by the session package's schema
		// check (whose report says what to do)
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionJwtAutoConfiguration.class))
			.withPropertyValues("hybrid-auth.session.initialize-schema=never")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("table hybrid_auth_login_throttle is missing"));
	}

	@Test
	void databaseStoreWithoutADataSourceFailsTheStartUp() {
		this.contextRunner.withPropertyValues("hybrid-auth.login.throttle.store=database")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("hybrid-auth.login.throttle.store=database needs a DataSource"));
	}

	@Test
	void malformedLimitsFailTheStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("hybrid-auth.login.throttle.max-backoff=100ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("max-backoff cannot be shorter than initial-backoff"));
	}

	@Test
	void disabledThrottleLeavesTheConcurrencyBound() {
		this.withDatabase.withPropertyValues("hybrid-auth.login.throttle.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LoginThrottle.class);
			assertThat(context.getBean(PasswordCheck.class)).extracting("throttle").isSameAs(LoginThrottle.NONE);
		});
	}

	@Test
	void throttleIsConditionalOnMissingBean() {
		LoginThrottle own = new LoginThrottle() {

			@Override
			public Optional<Refusal> check(String username, String address) {
				return Optional.of(new Refusal(LoginLimit.ADDRESS, Duration.ofMinutes(2)));
			}

			@Override
			public void recordFailure(String username, String address) {
			}

			@Override
			public void recordSuccess(String username, String address) {
			}

		};
		this.withDatabase.withBean("ownThrottle", LoginThrottle.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(LoginThrottle.class);
			assertThat(context).doesNotHaveBean(KeyedLoginThrottle.class);
			assertThatExceptionOfType(LoginRefusedException.class)
				.isThrownBy(() -> context.getBean(PasswordCheck.class)
					.authenticate((attempt) -> new TestingAuthenticationToken("alice", null),
							UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret"), "192.0.2.1"))
				.satisfies((refused) -> assertThat(refused.getRetryAfterSeconds()).isEqualTo(120));
		});
	}

	@Test
	void concurrentChecksDefaultToTwiceTheProcessors() {
		this.contextRunner.run((context) -> {
			Semaphore permits = (Semaphore) ReflectionTestUtils.getField(context.getBean(PasswordCheck.class),
					"permits");
			assertThat(permits.availablePermits()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
		});
		this.contextRunner.withPropertyValues("hybrid-auth.login.max-concurrent-checks=3").run((context) -> {
			Semaphore permits = (Semaphore) ReflectionTestUtils.getField(context.getBean(PasswordCheck.class),
					"permits");
			assertThat(permits.availablePermits()).isEqualTo(3);
		});
	}

}
