package com.example.consumer.jdbc;

import java.util.Map;

import dev.hybridauth.SensitiveRoute;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application of a hybrid-auth user on plain JDBC (no JPA): one user, one sensitive
 * route, the starter's default filter chain.
 */
@SpringBootApplication
public class JdbcConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(JdbcConsumerApplication.class, args);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService users(PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(User.withUsername("carla")
			.password(passwordEncoder.encode("carla-password"))
			.roles("USER")
			.build());
	}

	@RestController
	static class BalanceController {

		@GetMapping("/api/balance")
		@SensitiveRoute
		Map<String, Object> balance(Authentication authentication) {
			return Map.of("owner", authentication.getName(), "balance", 42);
		}

	}

}
