package dev.hybridauth.web.endpoint;

import java.util.List;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.login.PasswordCheck;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.SigningKeys;
import dev.hybridauth.web.EndpointSettings;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of the hybrid-auth HTTP endpoints: login, refresh, logout, sessions,
 * re-authentication and CSRF under {@link EndpointSettings#basePath()}, and the JWKS.
 */
@AutoConfiguration(after = { HybridAuthWebAutoConfiguration.class, LoginThrottleAutoConfiguration.class })
@ConditionalOnBean(HybridAuthProperties.class)
public final class HybridAuthEndpointsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HybridAuthEndpoints hybridAuthEndpoints(ObjectProvider<AuthenticationManager> authenticationManager,
			AuthenticationConfiguration authenticationConfiguration, PasswordCheck passwordCheck,
			HybridSessionService sessionService, SessionRefresher refresher, SessionCookies cookies,
			SessionJwtVerifier jwtVerifier, HybridAuthProperties properties) {
		HybridAuthProperties.Refresh refresh = properties.getRefresh();
		return new HybridAuthEndpoints(
				SingletonSupplier.of(() -> authenticationManager
					.getIfAvailable(() -> applicationAuthenticationManager(authenticationConfiguration))),
				passwordCheck, sessionService, refresher, cookies, properties.getSession().isTokenInBody(), jwtVerifier,
				refresh.isAcceptExpiredJwt() ? refresh.getExpiredJwtGracePeriod() : null,
				new BrowserFormLogin(properties.getLogin().getSuccessUrl(), properties.getLogin().getFailureUrl()));
	}

	@Bean
	@ConditionalOnMissingBean
	JwksEndpoint hybridAuthJwksEndpoint(SigningKeys keys, HybridAuthProperties properties) {
		return new JwksEndpoint(keys, properties.getJwt().getTtl());
	}

	/**
	 * Caps the request bodies of every endpoint under the base path, form logins
	 * included. A servlet filter of its own rather than one in the security DSL's chain:
	 * it applies whether or not the application's chain uses the DSL (the endpoints exist
	 * either way), and it runs before every filter that may read a body, Spring
	 * Security's among them.
	 * @param settings where the endpoints live
	 * @param properties the body size limit
	 * @return the filter's registration, for the paths under the base path
	 */
	@Bean
	@ConditionalOnMissingBean(name = "hybridAuthRequestBodyLimitFilter")
	FilterRegistrationBean<RequestBodyLimitFilter> hybridAuthRequestBodyLimitFilter(EndpointSettings settings,
			HybridAuthProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.getEndpoints().getMaxBodySize()));
		registration.addUrlPatterns(settings.basePath() + "/*");
		registration.setOrder(RequestBodyLimitFilter.ORDER);
		return registration;
	}

	/**
	 * Puts the endpoints under the base path, the one place it is read, and has Spring
	 * MVC's own errors under it answered as problems.
	 * @param settings where the endpoints live
	 * @return an MVC configurer that adds the base path as a prefix to the endpoints'
	 * mappings, and to no other controller's, and puts the {@link EndpointErrorResolver}
	 * before Spring MVC's resolvers
	 */
	@Bean
	WebMvcConfigurer hybridAuthEndpointsPathPrefix(EndpointSettings settings) {
		return new WebMvcConfigurer() {
			@Override
			public void configurePathMatch(PathMatchConfigurer configurer) {
				configurer.addPathPrefix(settings.basePath(),
						HandlerTypePredicate.forAssignableType(HybridAuthEndpoints.class));
			}

			@Override
			public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
				resolvers.add(0, new EndpointErrorResolver(settings.basePath()));
			}
		};
	}

	private static AuthenticationManager applicationAuthenticationManager(
			AuthenticationConfiguration authenticationConfiguration) {
		try {
			return authenticationConfiguration.getAuthenticationManager();
		}
		catch (Exception ex) {
			throw new IllegalStateException(
					"hybrid-auth needs an AuthenticationManager for its login endpoint: "
							+ "define a UserDetailsService and a PasswordEncoder, or an AuthenticationManager bean",
					ex);
		}
	}

}
