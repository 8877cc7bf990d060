package dev.hybridauth.config;

import java.util.List;
import java.util.Map;

import dev.hybridauth.it.CountingPasswordEncoder;
import dev.hybridauth.it.MutableClock;
import dev.hybridauth.it.TestUsers;
import dev.hybridauth.web.HybridAuthenticationSuccessHandler;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with its own filter chain that takes the hybrid-auth behaviour through
 * the DSL.
 */
@SpringBootApplication
@PropertySource("classpath:hybrid-auth-test.properties")
public class OwnFilterChainApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, HybridAuthenticationSuccessHandler hybridSession)
			throws Exception {
		http.formLogin((form) -> form.loginProcessingUrl("/form-login").successHandler(hybridSession).permitAll());
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public")
			.permitAll()
			.requestMatchers("/admin")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated());
		http.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
		return http.build();
	}

	@Bean
	CountingPasswordEncoder passwordEncoder() {
		return new CountingPasswordEncoder();
	}

	@Bean
	TestUsers users(PasswordEncoder passwordEncoder) {
		return new TestUsers(List
			.of(User.withUsername("alice").password(passwordEncoder.encode("alice-password")).roles("USER").build()));
	}

	@Bean
	MutableClock clock() {
		return new MutableClock();
	}

	@RestController
	static class Routes {

		@GetMapping("/public")
		Map<String, Object> publicRoute() {
			return Map.of("public", true);
		}

		@GetMapping("/private")
		Map<String, Object> privateRoute() {
			return Map.of("private", true);
		}

		@GetMapping("/admin")
		Map<String, Object> admin() {
			return Map.of("admin", true);
		}

	}

}
