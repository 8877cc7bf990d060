package dev.hybridauth.test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Applies {@link HybridAuthMockMvcConfigurers#hybridAuth()} to the MockMvc of
 * {@code @AutoConfigureMockMvc}, so that the requests of a test annotated with
 * {@link WithHybridSession} or {@link WithSessionJwt} carry its credential. Listed for
 * {@code @AutoConfigureMockMvc} only, never for the application.
 */
@AutoConfiguration
@ConditionalOnClass(MockMvcBuilderCustomizer.class)
public final class HybridAuthMockMvcAutoConfiguration {

	@Bean
	MockMvcBuilderCustomizer hybridAuthMockMvcBuilderCustomizer() {
		return (builder) -> builder.apply(HybridAuthMockMvcConfigurers.hybridAuth());
	}

}
