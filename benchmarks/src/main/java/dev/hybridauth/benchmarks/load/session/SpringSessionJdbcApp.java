package dev.hybridauth.benchmarks.load.session;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alternative a Spring developer would pick for server-side sessions: Spring Security
 * with Spring Session JDBC, its session in the same PostgreSQL. A form login creates the
 * {@code SESSION} cookie.
 */
@SpringBootApplication(excludeName = { "dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
public class SpringSessionJdbcApp {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin((form) -> form.successHandler((request, response, authentication) -> response.setStatus(204))
				.permitAll());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-password").roles("USER").build());
	}

	@RestController
	static class Routes {

		@GetMapping("/api/ping")
		Map<String, Object> ping() {
			return Map.of("pong", true);
		}

	}

}
