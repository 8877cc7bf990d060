package dev.hybridauth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import dev.hybridauth.SensitiveRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that adds hybrid-auth and nothing else of its own but its users and
 * routes: it runs on the auto-configured security filter chain.
 */
@SpringBootApplication
@PropertySource("classpath:hybrid-auth-test.properties")
@EnableMethodSecurity
public class TestApplication {

	@Bean
	CountingPasswordEncoder passwordEncoder() {
		return new CountingPasswordEncoder();
	}

	@Bean
	TestUsers users(PasswordEncoder passwordEncoder) {
		return new TestUsers(List.of(
				User.withUsername("alice").password(passwordEncoder.encode("alice-password")).roles("USER").build(),
				User.withUsername("admin")
					.password(passwordEncoder.encode("admin-password"))
					.roles("USER", "ADMIN")
					.build()));
	}

	@Bean
	static RequestStatements requestStatements() {
		return new RequestStatements();
	}

	/**
	 * One clock per context, or, for tests that run two instances side by side, one for
	 * both.
	 */
	@Bean
	MutableClock clock(@Value("${test.shared-clock:false}") boolean shared) {
		return shared ? MutableClock.SHARED : new MutableClock();
	}

	@Bean
	RecordedEvents recordedEvents() {
		return new RecordedEvents();
	}

	@Bean
	SimpleMeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	private static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

	/** A sensitive route of the application's own making, through a meta-annotation. */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@SensitiveRoute
	@interface Critical {

	}

	@RestController
	static class SensitiveApi {

		@PostMapping("/api/sensitive")
		@SensitiveRoute
		Map<String, Object> sensitive(Authentication authentication) {
			return Map.of("user", authentication.getName(), "authorities", authorities(authentication));
		}

		@GetMapping("/api/young-token")
		@SensitiveRoute(maxTokenAge = "60s")
		Map<String, Object> youngToken(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@PostMapping("/api/young-token-step-up")
		@SensitiveRoute(maxTokenAge = "60s", maxAuthenticationAge = "5m")
		Map<String, Object> youngTokenStepUp(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@PostMapping("/api/step-up")
		@SensitiveRoute(maxAuthenticationAge = "5m")
		Map<String, Object> stepUp(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@GetMapping("/api/critical")
		@Critical
		Map<String, Object> critical(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@GetMapping("/api/admin/sensitive")
		@SensitiveRoute
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> adminSensitive() {
			return Map.of("admin", true);
		}

		@GetMapping("/api/by-path/report")
		Map<String, Object> byPath(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

	}

	@RestController
	@SensitiveRoute
	@RequestMapping("/api/vault")
	static class Vault {

		@GetMapping
		Map<String, Object> vault(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

	}

	@RestController
	static class Routes {

		@GetMapping("/api/hello")
		Map<String, Object> hello(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@PostMapping("/api/echo")
		Map<String, Object> echo(Authentication authentication) {
			return Map.of("user", authentication.getName());
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> admin() {
			return Map.of("admin", true);
		}

	}

}
