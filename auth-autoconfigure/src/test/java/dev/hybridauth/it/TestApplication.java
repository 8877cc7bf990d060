package dev.hybridauth.it;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that adds hybrid-auth and nothing else of its own but its users and routes: it runs on the
 * auto-configured security filter chain.
 */
@SpringBootApplication
@EnableMethodSecurity
public class TestApplication {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager users(PasswordEncoder passwordEncoder) {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password(passwordEncoder.encode("alice-password")).roles("USER").build(),
                User.withUsername("admin")
                    .password(passwordEncoder.encode("admin-password"))
                    .roles("USER", "ADMIN")
                    .build());
    }

    @Bean
    static RequestStatements requestStatements() {
        return new RequestStatements();
    }

    /** One clock per context, or, for tests that run two instances side by side, one for both. */
    @Bean
    MutableClock clock(@Value("${test.shared-clock:false}") boolean shared) {
        return shared ? MutableClock.SHARED : new MutableClock();
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
