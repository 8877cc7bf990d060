package dev.hybridauth.web;

import java.lang.reflect.Proxy;
import java.util.List;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.authentication.HybridAuthenticationFilter;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HybridAuthWebAutoConfiguration}. The web layer does not depend on the
 * store: these run without a database.
 */
class HybridAuthWebAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(HybridAuthAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
				HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
				LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class));

	@Test
	void providesTheWebLayer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(EndpointSettings.class);
			assertThat(context).hasSingleBean(SessionCookies.class);
			assertThat(context).hasSingleBean(SessionRefresher.class);
			assertThat(context).hasSingleBean(HybridAuthenticationSuccessHandler.class);
			assertThat(context).hasSingleBean(SensitiveRouteResolver.class);
			assertThat(context).getBean(SensitiveRouteResolver.class).isInstanceOf(MvcSensitiveRouteResolver.class);
			assertThat(context).hasSingleBean(HttpFirewall.class);
		});
	}

	@Test
	void endpointsLiveUnderAuthByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(EndpointSettings.class).basePath()).isEqualTo("/auth");
			assertThat(get(context, "/auth/csrf").getStatus()).isEqualTo(200);
		});
	}

	@Test
	void basePathMovesTheEndpoints() {
		this.contextRunner.withPropertyValues("hybrid-auth.endpoints.base-path=/session-api").run((context) -> {
			assertThat(context.getBean(EndpointSettings.class).basePath()).isEqualTo("/session-api");
			assertThat(get(context, "/session-api/csrf").getStatus()).isEqualTo(200);
			assertThat(get(context, "/auth/csrf").getStatus()).isEqualTo(401);
		});
	}

	@Test
	void basePathWithoutALeadingSlashFailsStartup() {
		this.contextRunner.withPropertyValues("hybrid-auth.endpoints.base-path=session-api").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hybrid-auth.endpoints.base-path must start with '/'");
		});
	}

	@Test
	void basePathWithATrailingSlashFailsStartup() {
		this.contextRunner.withPropertyValues("hybrid-auth.endpoints.base-path=/session-api/").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hybrid-auth.endpoints.base-path must start with '/' and not end with one");
		});
	}

	@Test
	void endpointSettingsIsConditionalOnMissingBean() {
		EndpointSettings settings = new EndpointSettings("/custom");
		this.contextRunner.withBean("userEndpointSettings", EndpointSettings.class, () -> settings).run((context) -> {
			assertThat(context).hasSingleBean(EndpointSettings.class);
			assertThat(context).getBean(EndpointSettings.class).isSameAs(settings);
			assertThat(get(context, "/custom/csrf").getStatus()).isEqualTo(200);
			assertThat(get(context, "/auth/csrf").getStatus()).isEqualTo(401);
		});
	}

	@Test
	void sessionCookiesFollowTheCookieProperties() {
		this.contextRunner.withPropertyValues("hybrid-auth.cookie.secure=true", "hybrid-auth.cookie.same-site=Strict")
			.run((context) -> assertThat(startSessionThroughTheSuccessHandler(context))
				.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-hybrid_session=")
					.contains("Secure")
					.contains("SameSite=Strict")));
	}

	@Test
	void sessionCookiesIsConditionalOnMissingBean() {
		SessionCookies cookies = new SessionCookies(true, "None");
		this.contextRunner.withBean("userSessionCookies", SessionCookies.class, () -> cookies).run((context) -> {
			assertThat(context).hasSingleBean(SessionCookies.class);
			assertThat(context).getBean(SessionCookies.class).isSameAs(cookies);
			assertThat(context.getBean(SessionRefresher.class)).extracting("cookies").isSameAs(cookies);
			assertThat(startSessionThroughTheSuccessHandler(context)).anySatisfy(
					(cookie) -> assertThat(cookie).startsWith("__Host-hybrid_session=").contains("SameSite=None"));
		});
	}

	@Test
	void sessionRefresherIsConditionalOnMissingBean() {
		this.contextRunner
			.withBean("userRefresher", SessionRefresher.class,
					() -> new SessionRefresher(unusedSessionService(), new SessionCookies(null, "Lax")))
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionRefresher.class);
				assertThat(context).getBean(SessionRefresher.class).isSameAs(context.getBean("userRefresher"));
				assertThat(hybridAuthFilter(context)).extracting("sessionTokenAuthenticator")
					.extracting("refresher")
					.isSameAs(context.getBean("userRefresher"));
			});
	}

	@Test
	void successHandlerIsConditionalOnMissingBean() {
		this.contextRunner
			.withBean("userSuccessHandler", HybridAuthenticationSuccessHandler.class,
					() -> new HybridAuthenticationSuccessHandler(unusedSessionService(),
							new SessionCookies(null, "Lax")))
			.run((context) -> {
				assertThat(context).hasSingleBean(HybridAuthenticationSuccessHandler.class);
				assertThat(context).getBean(HybridAuthenticationSuccessHandler.class)
					.isSameAs(context.getBean("userSuccessHandler"));
			});
	}

	@Test
	void sensitivePathsAreSensitive() {
		this.contextRunner.withPropertyValues("hybrid-auth.sensitive-paths=/api/payments/**").run((context) -> {
			SensitiveRouteResolver resolver = context.getBean(SensitiveRouteResolver.class);
			assertThat(resolver.resolve(new MockHttpServletRequest("POST", "/api/payments/42")))
				.isEqualTo(SensitiveRouteRequirement.ALWAYS_LIVE);
			assertThat(resolver.resolve(new MockHttpServletRequest("GET", "/api/orders/42"))).isNull();
		});
	}

	@Test
	void sensitiveRouteResolverIsConditionalOnMissingBean() {
		SensitiveRouteResolver resolver = (request) -> SensitiveRouteRequirement.ALWAYS_LIVE;
		this.contextRunner.withBean("userResolver", SensitiveRouteResolver.class, () -> resolver).run((context) -> {
			assertThat(context).hasSingleBean(SensitiveRouteResolver.class);
			assertThat(context).getBean(SensitiveRouteResolver.class).isSameAs(resolver);
			assertThat(context).doesNotHaveBean(MvcSensitiveRouteResolver.class);
			assertThat(hybridAuthFilter(context)).extracting("sensitiveRoutes").isSameAs(resolver);
			// Every route is sensitive: even the public CSRF endpoint needs a credential
			assertThat(get(context, "/auth/csrf").getStatus()).isEqualTo(401);
		});
	}

	@Test
	void firewallChecksHeaderValuesWithoutARegularExpression() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HttpFirewall.class);
			assertThat(context).getBean(HttpFirewall.class).isInstanceOf(StrictHttpFirewall.class);
			assertThat(get(context, "/auth/csrf;jsessionid=1").getStatus()).isEqualTo(400);
			MockFilterChain chain = new MockFilterChain();
			MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext(), "GET",
					"/auth/csrf");
			request.addHeader("X-Probe", "control\u0007character");
			context.getBean("springSecurityFilterChain", Filter.class)
				.doFilter(request, new MockHttpServletResponse(), chain);
			HttpServletRequest firewalled = (HttpServletRequest) chain.getRequest();
			assertThatExceptionOfType(RequestRejectedException.class).isThrownBy(() -> firewalled.getHeader("X-Probe"));
		});
	}

	@Test
	void firewallIsConditionalOnMissingBean() {
		DefaultHttpFirewall firewall = new DefaultHttpFirewall();
		this.contextRunner.withBean("ownFirewall", HttpFirewall.class, () -> firewall).run((context) -> {
			assertThat(context).hasSingleBean(HttpFirewall.class);
			assertThat(context).getBean(HttpFirewall.class).isSameAs(firewall);
			assertThat(context).doesNotHaveBean("hybridAuthHttpFirewall");
			// The application's firewall lets it through to the public endpoint
			assertThat(get(context, "/auth/csrf;jsessionid=1").getStatus()).isEqualTo(200);
		});
	}

	private static List<String> startSessionThroughTheSuccessHandler(AssertableWebApplicationContext context)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean(HybridAuthenticationSuccessHandler.class)
			.onAuthenticationSuccess(new MockHttpServletRequest(context.getServletContext(), "POST", "/form-login"),
					response, UsernamePasswordAuthenticationToken.authenticated("alice", null,
							AuthorityUtils.createAuthorityList("ROLE_USER")));
		return response.getHeaders("Set-Cookie");
	}

	private static HybridAuthenticationFilter hybridAuthFilter(AssertableWebApplicationContext context) {
		return context.getBean(SecurityFilterChain.class)
			.getFilters()
			.stream()
			.filter(HybridAuthenticationFilter.class::isInstance)
			.map(HybridAuthenticationFilter.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext(), "GET", path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, new MockFilterChain());
		return response;
	}

	/** A session service for beans whose session service is never called. */
	private static HybridSessionService unusedSessionService() {
		return (HybridSessionService) Proxy.newProxyInstance(HybridAuthWebAutoConfigurationTests.class.getClassLoader(),
				new Class<?>[] { HybridSessionService.class }, (proxy, method, args) -> switch (method.getName()) {
					case "toString" -> "unusedSessionService";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
