package dev.hybridauth.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.authentication.HybridAuthenticationFilter;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HybridAuthMetricsAutoConfiguration}. Metrics do not depend on the
 * store: these run without a database.
 */
class HybridAuthMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(HybridAuthAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
				HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
				LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class));

	@Test
	void metersAreRegisteredInTheApplicationsMeterRegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(HybridAuthMetrics.class);
			assertThat(context).getBean(HybridAuthMetrics.class).isInstanceOf(MicrometerHybridAuthMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("hybrid_auth.authentications").counters()).hasSize(4);
			assertThat(registry.find("hybrid_auth.login.throttled").counters())
				.extracting((counter) -> counter.getId().getTag("limit"))
				.containsExactlyInAnyOrder("pair", "account", "address");
			assertThat(hybridAuthFilter(context)).extracting("metrics")
				.isSameAs(context.getBean(HybridAuthMetrics.class));
		});
	}

	@Test
	void metersCountWhatHappens() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(HybridSessionService.class)
				.start(UsernamePasswordAuthenticationToken.authenticated("alice", null,
						AuthorityUtils.createAuthorityList("ROLE_USER")), new ClientInfo("127.0.0.1", "test"));
			assertThat(registry.get("hybrid_auth.sessions.started").counter().count()).isEqualTo(1);
			assertThat(get(context, "/private", "Bearer not.a.jwt").getStatus()).isEqualTo(401);
			assertThat(registry.get("hybrid_auth.authentications")
				.tags("method", "jwt", "outcome", "failure")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void noMetricsWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MeterRegistry.class);
			assertThat(context).doesNotHaveBean(HybridAuthMetrics.class);
			assertThat(hybridAuthFilter(context)).extracting("metrics").isSameAs(HybridAuthMetrics.NONE);
		});
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HybridAuthMetrics.class);
			assertThat(hybridAuthFilter(context)).extracting("metrics").isSameAs(HybridAuthMetrics.NONE);
		});
	}

	@Test
	void metricsIsConditionalOnMissingBean() {
		RecordingMetrics metrics = new RecordingMetrics();
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("userMetrics", HybridAuthMetrics.class, () -> metrics)
			.run((context) -> {
				assertThat(context).hasSingleBean(HybridAuthMetrics.class);
				assertThat(context).getBean(HybridAuthMetrics.class).isSameAs(metrics);
				assertThat(context).doesNotHaveBean(MicrometerHybridAuthMetrics.class);
				assertThat(get(context, "/private", "Bearer not.a.jwt").getStatus()).isEqualTo(401);
				assertThat(metrics.authentications).containsExactly("JWT:false");
			});
	}

	@Test
	void applicationMetricsAreUsedWithoutAMeterRegistry() {
		RecordingMetrics metrics = new RecordingMetrics();
		this.contextRunner.withBean("userMetrics", HybridAuthMetrics.class, () -> metrics).run((context) -> {
			assertThat(context).getBean(HybridAuthMetrics.class).isSameAs(metrics);
			assertThat(hybridAuthFilter(context)).extracting("metrics").isSameAs(metrics);
		});
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

	private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path,
			String authorization) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext(), "GET", path);
		request.addHeader("Authorization", authorization);
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, new MockFilterChain());
		return response;
	}

	static class RecordingMetrics implements HybridAuthMetrics {

		final List<String> authentications = new ArrayList<>();

		@Override
		public void authentication(AuthenticationMethod method, boolean success) {
			this.authentications.add(method + ":" + success);
		}

	}

}
