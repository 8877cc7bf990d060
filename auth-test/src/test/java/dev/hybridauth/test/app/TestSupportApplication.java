package dev.hybridauth.test.app;

import java.util.Map;

import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.SensitiveRoute;
import dev.hybridauth.config.HybridAuthConfigurer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as a user of hybrid-auth writes one: its users, its filter chain with
 * the DSL and a role rule, a plain route and sensitive routes. It lives outside
 * {@code dev.hybridauth.test}, so that its component scan does not find the test
 * support's MockMvc auto-configuration, which {@code @AutoConfigureMockMvc} has to.
 */
@SpringBootApplication
public class TestSupportApplication {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("user").password("{noop}user-password").roles("USER").build(),
				User.withUsername("ann").password("{noop}ann-password").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-password").roles("USER").build(),
				User.withUsername("admin").password("{noop}admin-password").roles("USER", "ADMIN").build());
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/api/admin/**").hasRole("ADMIN").anyRequest().authenticated())
			.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
		return http.build();
	}

	@RestController
	static class Routes {

		@GetMapping("/api/me")
		Map<String, Object> me(HybridAuthentication authentication) {
			return Map.of("user", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList(), "method",
					authentication.getDetails().method(), "session_id", authentication.getDetails().sessionId());
		}

		@GetMapping("/api/admin/stats")
		Map<String, Object> adminStats() {
			return Map.of("admin", true);
		}

		@PostMapping("/api/account/email")
		@SensitiveRoute(maxAuthenticationAge = "5m")
		Map<String, Object> changeEmail(HybridAuthentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@GetMapping("/api/admin/young-token")
		@SensitiveRoute(maxTokenAge = "60s")
		Map<String, Object> youngToken(HybridAuthentication authentication) {
			return Map.of("user", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

	}

}
