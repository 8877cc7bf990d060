package dev.hybridauth.web.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.login.PasswordCheck;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.SigningKey;
import dev.hybridauth.token.SigningKeys;
import dev.hybridauth.web.EndpointSettings;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HybridAuthEndpointsAutoConfiguration}, in a default application (H2
 * with JPA) with Spring MVC, to see where the endpoints are mapped.
 */
class HybridAuthEndpointsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(HybridAuthAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
				HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
				LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class))
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

	@Test
	void providesTheEndpointsAndTheJwks() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(HybridAuthEndpoints.class);
			assertThat(context).hasSingleBean(JwksEndpoint.class);
			assertThat(context).hasBean("hybridAuthEndpointsPathPrefix");
			assertThat(context).getBean("hybridAuthEndpointsPathPrefix").isInstanceOf(WebMvcConfigurer.class);
		});
	}

	@Test
	void endpointsAreMappedUnderTheBasePathAndTheJwksAtTheRoot() {
		this.contextRunner.run(
				(context) -> assertThat(mappedPaths(context))
					.contains("/auth/login", "/auth/refresh", "/auth/logout", "/auth/logout-all", "/auth/session",
							"/auth/sessions", "/auth/sessions/{sessionId}", "/auth/reauthenticate", "/auth/csrf",
							"/.well-known/jwks.json")
					.doesNotContain("/login", "/auth/.well-known/jwks.json"));
	}

	@Test
	void basePathMovesTheEndpointsButNotTheJwks() {
		this.contextRunner.withPropertyValues("hybrid-auth.endpoints.base-path=/session-api")
			.run((context) -> assertThat(mappedPaths(context))
				.contains("/session-api/login", "/session-api/csrf", "/.well-known/jwks.json")
				.doesNotContain("/auth/login"));
	}

	@Test
	void endpointsFollowTheApplicationsEndpointSettings() {
		this.contextRunner.withBean(EndpointSettings.class, () -> new EndpointSettings("/custom"))
			.withPropertyValues("hybrid-auth.endpoints.base-path=/ignored")
			.run((context) -> assertThat(mappedPaths(context)).contains("/custom/login", "/custom/csrf")
				.doesNotContain("/auth/login", "/ignored/login"));
	}

	@Test
	void formLoginRedirectUrlsThatLeaveTheApplicationFailTheStartUp() {
		for (String property : List.of("success-url", "failure-url")) {
			for (String url : List.of("https://evil.example/", "//evil.example/", "/\\evil.example", "evil",
					"javascript:alert(1)", "/path with space", "")) {
				this.contextRunner.withPropertyValues("hybrid-auth.login." + property + "=" + url)
					.run((context) -> assertThat(context).as(property + "=" + url)
						.getFailure()
						.rootCause()
						.hasMessageStartingWith("hybrid-auth.login." + property + " must be a local path"));
			}
		}
		this.contextRunner
			.withPropertyValues("hybrid-auth.login.success-url=/home?tab=1",
					"hybrid-auth.login.failure-url=/login?error")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HybridAuthEndpoints.class));
	}

	@Test
	void requestBodyLimitCoversEveryPathUnderTheBasePathBeforeSpringSecurity() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("hybridAuthRequestBodyLimitFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getUrlPatterns()).containsExactly("/auth/*");
			assertThat(registration.getOrder()).isLessThan(SecurityFilterProperties.DEFAULT_FILTER_ORDER)
				.isLessThan(OrderedFormContentFilter.DEFAULT_ORDER);
			assertThat(status(registration, 8 * 1024 + 1)).isEqualTo(413);
			assertThat(status(registration, 8 * 1024)).isEqualTo(200);
		});
	}

	@Test
	void requestBodyLimitFollowsTheBasePathAndTheMaxBodySize() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.endpoints.base-path=/session-api",
					"hybrid-auth.endpoints.max-body-size=1KB")
			.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean("hybridAuthRequestBodyLimitFilter",
						FilterRegistrationBean.class);
				assertThat(registration.getUrlPatterns()).containsExactly("/session-api/*");
				assertThat(status(registration, 1025)).isEqualTo(413);
				assertThat(status(registration, 1024)).isEqualTo(200);
			});
	}

	@Test
	void jwksPublishesTheSigningKeysForOneJwtLifetime() {
		this.contextRunner.withPropertyValues("hybrid-auth.jwt.ttl=2m").run((context) -> {
			ResponseEntity<String> jwks = context.getBean(JwksEndpoint.class).jwks();
			String keyId = context.getBean(SigningKeys.class).signingKey().keyId();
			assertThat(JWKSet.parse(jwks.getBody()).getKeyByKeyId(keyId)).isNotNull();
			assertThat(JWKSet.parse(jwks.getBody()).getKeys())
				.allSatisfy((key) -> assertThat(key.isPrivate()).isFalse());
			assertThat(jwks.getHeaders().getCacheControl()).isEqualTo("max-age=120, public");
		});
	}

	@Test
	void jwksPublishesTheApplicationsSigningKeys() throws Exception {
		SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).keyID("user-key").generate(),
				JwtAlgorithm.ES256);
		SigningKeys keys = new SigningKeys() {

			@Override
			public SigningKey signingKey() {
				return key;
			}

			@Override
			public Optional<SigningKey> verificationKey(String keyId) {
				return Optional.of(key).filter((candidate) -> candidate.keyId().equals(keyId));
			}

			@Override
			public List<SigningKey> publishedKeys() {
				return List.of(key);
			}

		};
		this.contextRunner.withBean("userSigningKeys", SigningKeys.class, () -> keys).run((context) -> {
			assertThat(context).getBean(SigningKeys.class).isSameAs(keys);
			JWKSet jwks = JWKSet.parse(context.getBean(JwksEndpoint.class).jwks().getBody());
			assertThat(jwks.getKeys()).extracting((jwk) -> jwk.getKeyID()).containsExactly("user-key");
		});
	}

	@Test
	void jwksEndpointIsConditionalOnMissingBean() {
		this.contextRunner.withUserConfiguration(CustomJwksConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JwksEndpoint.class);
			assertThat(context).getBean(JwksEndpoint.class).isSameAs(context.getBean("customJwks"));
		});
	}

	@Test
	void endpointsAreConditionalOnMissingBean() {
		this.contextRunner.withUserConfiguration(CustomEndpointsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HybridAuthEndpoints.class);
			assertThat(context).getBean(HybridAuthEndpoints.class).isSameAs(context.getBean("customEndpoints"));
		});
	}

	@Test
	void endpointsUseTheApplicationsCollaborators() {
		this.contextRunner.run((context) -> assertThat(context.getBean(HybridAuthEndpoints.class))
			.hasFieldOrPropertyWithValue("sessionService", context.getBean(HybridSessionService.class))
			.hasFieldOrPropertyWithValue("refresher", context.getBean(SessionRefresher.class))
			.hasFieldOrPropertyWithValue("cookies", context.getBean(SessionCookies.class))
			.hasFieldOrPropertyWithValue("jwtVerifier", context.getBean(SessionJwtVerifier.class))
			.hasFieldOrPropertyWithValue("tokenInBody", true));
	}

	@Test
	void tokenInBodyCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("hybrid-auth.session.token-in-body=false")
			.run((context) -> assertThat(context.getBean(HybridAuthEndpoints.class))
				.hasFieldOrPropertyWithValue("tokenInBody", false));
	}

	@Test
	void refreshAcceptsNoJwtByDefault() {
		this.contextRunner.withPropertyValues("hybrid-auth.refresh.expired-jwt-grace-period=10m")
			.run((context) -> assertThat(context.getBean(HybridAuthEndpoints.class))
				.hasFieldOrPropertyWithValue("expiredJwtGracePeriod", null));
	}

	@Test
	void refreshAcceptsExpiredJwtsWithinTheGracePeriodWhenEnabled() {
		this.contextRunner
			.withPropertyValues("hybrid-auth.refresh.accept-expired-jwt=true",
					"hybrid-auth.refresh.expired-jwt-grace-period=10m")
			.run((context) -> assertThat(context.getBean(HybridAuthEndpoints.class))
				.hasFieldOrPropertyWithValue("expiredJwtGracePeriod", Duration.ofMinutes(10)));
	}

	@Test
	void loginUsesTheApplicationsAuthenticationManager() {
		AuthenticationManager authenticationManager = (authentication) -> new TestingAuthenticationToken("alice", null,
				"ROLE_USER");
		this.contextRunner.withBean(AuthenticationManager.class, () -> authenticationManager)
			.run((context) -> assertThat(loginAuthenticationManager(context)).isSameAs(authenticationManager));
	}

	@Test
	void loginAuthenticatesTheApplicationsUsersWithoutAnAuthenticationManagerBean() {
		this.contextRunner
			.withBean(InMemoryUserDetailsManager.class,
					() -> new InMemoryUserDetailsManager(
							User.withUsername("alice").password("{noop}alice-password").roles("USER").build()))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AuthenticationManager.class);
				Authentication authentication = loginAuthenticationManager(context)
					.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "alice-password"));
				assertThat(authentication.isAuthenticated()).isTrue();
				assertThat(authentication.getName()).isEqualTo("alice");
			});
	}

	@SuppressWarnings("unchecked")
	private static AuthenticationManager loginAuthenticationManager(AssertableWebApplicationContext context) {
		Object supplier = ReflectionTestUtils.getField(context.getBean(HybridAuthEndpoints.class),
				"authenticationManager");
		return ((Supplier<AuthenticationManager>) supplier).get();
	}

	private static int status(FilterRegistrationBean<?> registration, int contentLength) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");
		request.setContent(new byte[contentLength]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		registration.getFilter().doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	private static Set<String> mappedPaths(AssertableWebApplicationContext context) {
		return context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
			.getHandlerMethods()
			.keySet()
			.stream()
			.map(RequestMappingInfo::getPatternValues)
			.flatMap(Set::stream)
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomJwksConfiguration {

		@Bean
		JwksEndpoint customJwks(SigningKeys keys) {
			return new JwksEndpoint(keys, Duration.ofMinutes(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointsConfiguration {

		@Bean
		HybridAuthEndpoints customEndpoints(PasswordCheck passwordCheck, HybridSessionService sessionService,
				SessionRefresher refresher, SessionCookies cookies, SessionJwtVerifier jwtVerifier) {
			return new HybridAuthEndpoints(() -> null, passwordCheck, sessionService, refresher, cookies, false,
					jwtVerifier, null, new BrowserFormLogin("/", null));
		}

	}

}
