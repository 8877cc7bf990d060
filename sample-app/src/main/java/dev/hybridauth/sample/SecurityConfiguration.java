package dev.hybridauth.sample;

import dev.hybridauth.config.HybridAuthConfigurer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, "/", "/index.html", "/app.js", "/app.css", "/favicon.ico", "/api/ping")
			.permitAll()
			.requestMatchers("/api/admin/**")
			.hasRole("ADMIN")
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated());
		http.with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(AppUserRepository users) {
		return (username) -> users.findById(username)
			.map((user) -> User.withUsername(user.getUsername())
				.password(user.getPasswordHash())
				.disabled(!user.isEnabled())
				.authorities(user.getRoles().toArray(String[]::new))
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("unknown user"));
	}

	/**
	 * Creates the demo users once every singleton exists, before the context starts its
	 * lifecycle beans, the web server among them: the first request the server accepts
	 * can log in. An {@code ApplicationRunner} or a {@code ContextRefreshedEvent}
	 * listener would run only after the port is open.
	 */
	@Bean
	SmartInitializingSingleton demoUsers(DemoUsersProperties demo, AppUserRepository users,
			PasswordEncoder passwordEncoder) {
		return () -> createMissing(demo, users, passwordEncoder);
	}

	void createMissing(DemoUsersProperties demo, AppUserRepository users, PasswordEncoder passwordEncoder) {
		for (DemoUsersProperties.DemoUser user : demo.users()) {
			if (!users.existsById(user.username())) {
				users.save(new AppUser(user.username(), passwordEncoder.encode(user.password()), user.roles()));
			}
		}
	}

}
