package dev.hybridauth.actuate;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SessionUserIdResolver;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HybridAuthActuatorAutoConfiguration}, on an application without a
 * database (the in-memory store and key).
 */
class HybridAuthActuatorAutoConfigurationTests {

	private static final String EXPOSE = "management.endpoints.web.exposure.include=health,hybridauth";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(HybridAuthAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
				HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
				LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class,
				HybridAuthActuatorAutoConfiguration.class));

	@Test
	void endpointAndHealthIndicatorWhenActuatorPresentAndEndpointExposed() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(HybridAuthEndpoint.class);
			assertThat(context).hasSingleBean(HybridAuthEndpointExceptionResolver.class);
			assertThat(context).hasSingleBean(HybridAuthHealthIndicator.class);
			assertThat(context).hasBean("hybridAuthHealthIndicator");
			HybridAuthEndpoint.Summary summary = context.getBean(HybridAuthEndpoint.class).summary();
			assertThat(summary.liveSessions()).isZero();
			assertThat(summary.signingKeys()).singleElement().satisfies((key) -> {
				assertThat(key.state()).isEqualTo("active");
				assertThat(key.alg()).isEqualTo("RS256");
			});
			assertThat(summary.revocationFeed().enabled()).isTrue();
			assertThat(summary.revocationFeed().silent()).isFalse();
			assertThat(summary.revocationFeed().listener()).isEqualTo("none");
			Health health = context.getBean(HybridAuthHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("sessionStore", "UP")
				.containsEntry("revocationFeed", "current")
				.containsKey("signingKey")
				.doesNotContainKey("reason");
		});
	}

	@Test
	void usernamesMapToUserIdsThroughTheResolverAndFederatedIdsAreTakenAsTheyAre() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			HybridAuthEndpoint endpoint = context.getBean(HybridAuthEndpoint.class);
			assertThat(endpoint.userSessions("alice").userId()).isEqualTo("alice");
			assertThat(endpoint.userSessions("oauth2:github:583231").userId()).isEqualTo("oauth2:github:583231");
		});
		this.contextRunner.withPropertyValues(EXPOSE)
			.withBean(SessionUserIdResolver.class, () -> (authentication) -> "account-" + authentication.getName())
			.run((context) -> assertThat(context.getBean(HybridAuthEndpoint.class).userSessions("alice").userId())
				.isEqualTo("account-alice"));
	}

	@Test
	void configuredKeysHaveAStateButNoDates() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			HybridAuthEndpoint.Key key = context.getBean(HybridAuthEndpoint.class).summary().signingKeys().get(0);
			assertThat(key.state()).isEqualTo("active");
			assertThat(key.activatesAt()).isNull();
			assertThat(key.retiresAt()).isNull();
			assertThat(key.publishedUntil()).isNull();
		});
	}

	@Test
	void endpointWhenNotExposedThenAbsentButHealthIndicatorPresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HybridAuthEndpoint.class);
			assertThat(context).doesNotHaveBean(HybridAuthEndpointExceptionResolver.class);
			assertThat(context).hasSingleBean(HybridAuthHealthIndicator.class);
		});
	}

	@Test
	void endpointWhenExposedButDisabledThenAbsent() {
		this.contextRunner.withPropertyValues(EXPOSE, "management.endpoint.hybridauth.access=NONE").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HybridAuthEndpoint.class);
		});
	}

	@Test
	void healthIndicatorWhenDisabledThenAbsent() {
		this.contextRunner.withPropertyValues(EXPOSE, "management.health.hybridauth.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HybridAuthHealthIndicator.class);
			assertThat(context).as("positive control: the endpoint stays").hasSingleBean(HybridAuthEndpoint.class);
		});
	}

	@Test
	void neitherWhenActuatorIsNotOnTheClasspath() {
		this.contextRunner.withPropertyValues(EXPOSE)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HybridAuthEndpoint.class);
				assertThat(context).doesNotHaveBean(HybridAuthHealthIndicator.class);
				assertThat(context).as("positive control: hybrid-auth itself applies")
					.hasSingleBean(HybridSessionService.class);
			});
	}

	@Test
	void backsOffToTheApplicationsBeansOfTheSameNames() {
		this.contextRunner.withPropertyValues(EXPOSE).withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HybridAuthEndpoint.class);
			assertThat(context).doesNotHaveBean(HybridAuthHealthIndicator.class);
			assertThat(context.getBean("hybridAuthHealthIndicator")).isInstanceOf(HealthIndicator.class);
			assertThat(context.getBean("hybridAuthEndpoint")).isInstanceOf(OwnEndpoint.class);
		});
	}

	@Test
	void defaultFilterChainWithActuatorIsHybridAuthsNotActuatorsManagementChain() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).hasBean("hybridAuthSecurityFilterChain");
			assertThat(context).doesNotHaveBean("managementSecurityFilterChain");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		HealthIndicator hybridAuthHealthIndicator() {
			return () -> Health.up().build();
		}

		@Bean
		OwnEndpoint hybridAuthEndpoint() {
			return new OwnEndpoint();
		}

	}

	@Endpoint(id = "hybridauth")
	static class OwnEndpoint {

	}

}
