package dev.hybridauth.test;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.test.context.TestSecurityContextHolder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.ConfigurableMockMvcBuilder;
import org.springframework.test.web.servlet.setup.MockMvcConfigurer;
import org.springframework.web.context.WebApplicationContext;

/**
 * The MockMvc configurer that makes every request of a test annotated with
 * {@link WithHybridSession} or {@link WithSessionJwt} carry the session's credential, as
 * {@code SecurityMockMvcConfigurers.springSecurity()} does for Spring Security's test
 * annotations. {@code @AutoConfigureMockMvc} applies it by itself; apply it to a MockMvc
 * built by hand: <pre class="code">
 * MockMvc mockMvc = MockMvcBuilders.webAppContextSetup(context)
 *     .apply(springSecurity())
 *     .apply(hybridAuth())
 *     .build();
 * </pre>
 */
public final class HybridAuthMockMvcConfigurers {

	private HybridAuthMockMvcConfigurers() {
	}

	/**
	 * The configurer that adds the credential of the test's annotated session to every
	 * request.
	 * @return the configurer
	 */
	public static MockMvcConfigurer hybridAuth() {
		return new HybridAuthMockMvcConfigurer();
	}

	private static final class HybridAuthMockMvcConfigurer implements MockMvcConfigurer {

		@Override
		public RequestPostProcessor beforeMockMvcCreated(ConfigurableMockMvcBuilder<?> builder,
				WebApplicationContext context) {
			return (request) -> {
				SecurityContext securityContext = TestSecurityContextHolder.getContext();
				if (securityContext instanceof HybridTestSecurityContext hybrid) {
					TestSessions.bearer(request, hybrid.bearerValue());
				}
				return request;
			};
		}

	}

}
