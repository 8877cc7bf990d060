package dev.hybridauth.config;

import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of a default security filter chain with the hybrid-auth behaviour
 * ({@link HybridAuthConfigurer}), requiring authentication everywhere but on the public
 * endpoints. It backs off when the application defines its own
 * {@code SecurityFilterChain}.
 */
// before Actuator's default management chain too (explicitly, not by the alphabetical
// order that happens to put it first): whichever comes first makes the other back off
@AutoConfiguration(after = HybridAuthWebAutoConfiguration.class, before = ServletWebSecurityAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration")
@ConditionalOnBean(HybridAuthProperties.class)
@ConditionalOnDefaultWebSecurity
public final class HybridAuthSecurityAutoConfiguration {

	@Bean
	SecurityFilterChain hybridAuthSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
		return http.build();
	}

}
