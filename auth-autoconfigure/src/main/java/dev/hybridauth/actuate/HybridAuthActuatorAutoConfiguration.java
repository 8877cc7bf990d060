package dev.hybridauth.actuate;

import java.time.Clock;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SessionUserIdResolver;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.session.RevocationFeed;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.token.SigningKeys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of hybrid-auth's Actuator support, when Spring Boot Actuator is on
 * the classpath: the {@code hybridauth} endpoint, available where the application exposes
 * it ({@code management.endpoints.web.exposure.include}), and the {@code hybridAuth}
 * health component ({@code management.health.hybridauth.enabled}). Each backs off when
 * the application defines a bean of the same name ({@code hybridAuthEndpoint},
 * {@code hybridAuthHealthIndicator}).
 */
@AutoConfiguration(after = { SessionAutoConfiguration.class, SessionJwtAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(HybridAuthProperties.class)
@Import({ HybridAuthActuatorAutoConfiguration.EndpointConfiguration.class,
		HybridAuthActuatorAutoConfiguration.HealthConfiguration.class })
public final class HybridAuthActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(HybridAuthEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "hybridAuthEndpoint")
		HybridAuthEndpoint hybridAuthEndpoint(HybridSessionService sessions, SessionStore store,
				SigningKeys signingKeys, SessionUserIdResolver userIdResolver, ObjectProvider<RevocationFeed> feed,
				ObjectProvider<RevocationView> view, ObjectProvider<Clock> clock) {
			return new HybridAuthEndpoint(sessions, store, signingKeys, userIdResolver, feed.getIfUnique(),
					view.getIfUnique(), clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		HybridAuthEndpointExceptionResolver hybridAuthEndpointExceptionResolver(
				ObjectProvider<PathMappedEndpoints> endpoints) {
			return new HybridAuthEndpointExceptionResolver(endpoints);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("hybridauth")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "hybridAuthHealthIndicator", "hybridAuthHealthContributor" })
		HybridAuthHealthIndicator hybridAuthHealthIndicator(SessionStore store, SigningKeys signingKeys,
				ObjectProvider<RevocationFeed> feed) {
			return new HybridAuthHealthIndicator(store, signingKeys, feed.getIfUnique());
		}

	}

}
