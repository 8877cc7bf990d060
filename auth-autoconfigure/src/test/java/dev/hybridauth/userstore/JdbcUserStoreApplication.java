package dev.hybridauth.userstore;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.hybridauth.SensitiveRoute;
import dev.hybridauth.config.HybridAuthConfigurer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as a team adopting the starter writes it: its users in its own tables
 * through Spring Security's {@link JdbcUserDetailsManager} (which hybrid-auth reaches
 * only as the application's {@code UserDetailsService}), its own filter chain with the
 * DSL, an admin area by URL rule, one admin route made sensitive by the annotation and
 * one by {@code hybrid-auth.sensitive-paths}. In a package of its own, so that no other
 * test application's component scan finds it.
 */
@SpringBootApplication
public class JdbcUserStoreApplication {

	/**
	 * Spring Security's {@code users.ddl}, in SQL that H2 and PostgreSQL both take.
	 */
	private static final List<String> SCHEMA = List.of("""
			create table if not exists users (username varchar(50) not null primary key,
			password varchar(500) not null, enabled boolean not null)""", """
			create table if not exists authorities (username varchar(50) not null,
			authority varchar(50) not null, constraint fk_authorities_users foreign key (username)
			references users (username))""",
			"create unique index if not exists ix_auth_username on authorities (username, authority)");

	/**
	 * The properties every node of these tests starts with: the reload due at most every
	 * second, the admin ledger sensitive by path.
	 */
	static final List<String> PROPERTIES = List.of("hybrid-auth.session.touch-interval=1s",
			"hybrid-auth.sensitive-paths=/api/admin/ledger", "spring.jpa.hibernate.ddl-auto=validate",
			"spring.jpa.open-in-view=false");

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/api/admin/**").hasRole("ADMIN").anyRequest().authenticated())
			.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
		return http.build();
	}

	@Bean
	JdbcUserDetailsManager users(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		SCHEMA.forEach(jdbc::execute);
		return new JdbcUserDetailsManager(dataSource);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@RestController
	static class Routes {

		@GetMapping("/api/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("user", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

		@GetMapping("/api/admin/report")
		Map<String, Object> report() {
			return Map.of("route", "report");
		}

		@GetMapping("/api/admin/vault")
		@SensitiveRoute
		Map<String, Object> vault() {
			return Map.of("route", "vault");
		}

		@GetMapping("/api/admin/ledger")
		Map<String, Object> ledger() {
			return Map.of("route", "ledger");
		}

	}

}
