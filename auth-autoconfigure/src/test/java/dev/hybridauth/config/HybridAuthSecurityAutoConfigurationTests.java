package dev.hybridauth.config;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.StartedSession;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.authentication.HybridAuthenticationFilter;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HybridAuthSecurityAutoConfiguration}, in a default application: H2
 * with JPA.
 */
class HybridAuthSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(HybridAuthAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
				HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
				LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class))
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

	@Test
	void providesTheDefaultFilterChainInsteadOfSpringBootsOne() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).hasBean("hybridAuthSecurityFilterChain");
			assertThat(context).doesNotHaveBean("defaultSecurityFilterChain");
			assertThat(hybridAuthFilter(context.getBean(SecurityFilterChain.class))).isNotNull();
		});
	}

	@Test
	void defaultFilterChainRequiresAuthenticationButOnThePublicEndpoints() {
		this.contextRunner.run((context) -> {
			MockHttpServletResponse denied = request(context, "GET", "/private", null);
			assertThat(denied.getStatus()).isEqualTo(401);
			assertThat(denied.getContentType()).startsWith("application/problem+json");
			assertThat(request(context, "GET", "/auth/csrf", null).getStatus()).isEqualTo(200);
			assertThat(request(context, "GET", "/.well-known/jwks.json", null).getStatus()).isEqualTo(200);
			MockHttpServletRequest jsonLogin = new MockHttpServletRequest(context.getServletContext(), "POST",
					"/auth/login");
			jsonLogin.setContentType("application/json");
			assertThat(request(context, jsonLogin).getStatus()).isEqualTo(200);
			assertThat(request(context, "POST", "/auth/login", null).getStatus()).as("form post without CSRF token")
				.isEqualTo(403);
			assertThat(request(context, "GET", "/auth/session", null).getStatus()).isEqualTo(401);
		});
	}

	@Test
	void defaultFilterChainAuthenticatesSessionJwtsAndSessionTokens() {
		this.contextRunner.run((context) -> {
			StartedSession started = context.getBean(HybridSessionService.class)
				.start(UsernamePasswordAuthenticationToken.authenticated("alice", null,
						AuthorityUtils.createAuthorityList("ROLE_USER")), new ClientInfo("127.0.0.1", "test"));
			assertThat(request(context, "GET", "/private", "Bearer " + started.jwt().token()).getStatus())
				.isEqualTo(200);
			assertThat(request(context, "GET", "/private", "Bearer " + started.sessionToken()).getStatus())
				.isEqualTo(200);
			assertThat(request(context, "GET", "/private", "Bearer forged.session.jwt").getStatus()).isEqualTo(401);
		});
	}

	@Test
	void backsOffWhenSecurityFilterChainBeanIsPresent() {
		this.contextRunner.withUserConfiguration(OwnFilterChainConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).hasBean("ownFilterChain");
			assertThat(context).doesNotHaveBean("hybridAuthSecurityFilterChain");
			assertThat(context).hasSingleBean(HybridSessionService.class);
			assertThat(hybridAuthFilter(context.getBean(SecurityFilterChain.class))).isNull();
			assertThat(request(context, "GET", "/private", null).getStatus()).isEqualTo(200);
		});
	}

	@Test
	void applicationsOwnFilterChainTakesTheHybridAuthBehaviourThroughTheDsl() {
		this.contextRunner.withUserConfiguration(OwnHybridAuthFilterChainConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).doesNotHaveBean("hybridAuthSecurityFilterChain");
			assertThat(hybridAuthFilter(context.getBean(SecurityFilterChain.class))).isNotNull();
			assertThat(request(context, "GET", "/public", null).getStatus()).isEqualTo(200);
			assertThat(request(context, "GET", "/private", null).getStatus()).isEqualTo(401);
			assertThat(request(context, "GET", "/auth/csrf", null).getStatus()).isEqualTo(200);
		});
	}

	private static HybridAuthenticationFilter hybridAuthFilter(SecurityFilterChain chain) {
		return chain.getFilters()
			.stream()
			.filter(HybridAuthenticationFilter.class::isInstance)
			.map(HybridAuthenticationFilter.class::cast)
			.findFirst()
			.orElse(null);
	}

	private static MockHttpServletResponse request(AssertableWebApplicationContext context, String method, String path,
			String authorization) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext(), method, path);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request(context, request);
	}

	private static MockHttpServletResponse request(AssertableWebApplicationContext context,
			MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, new MockFilterChain());
		assertThat(request.getSession(false)).as("HTTP session").isNull();
		return response;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFilterChainConfiguration {

		@Bean
		SecurityFilterChain ownFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHybridAuthFilterChainConfiguration {

		@Bean
		SecurityFilterChain ownFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/public").permitAll().anyRequest().authenticated());
			http.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
			return http.build();
		}

	}

}
