package dev.hybridauth.benchmarks.load;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.hybridauth.HybridSession;
import dev.hybridauth.token.SessionJwtIssuer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The physical limits that the load benchmark measures the paths against, added to the
 * sample app in the benchmark only: the unauthenticated request of V0 that also does what
 * a path cannot avoid. {@code GET /bench/db} (V0db) reads one session row by primary key
 * through plain JDBC; {@code GET /bench/sign} (V0sign) signs one session JWT with the
 * application's key and writes one session row by primary key.
 */
@Configuration(proxyBeanMethods = false)
public class Baselines {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain baselineFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/bench/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@RestController
	static class BaselineRoutes {

		private final JdbcTemplate jdbc;

		private final SessionJwtIssuer issuer;

		BaselineRoutes(DataSource dataSource, SessionJwtIssuer issuer) {
			this.jdbc = new JdbcTemplate(dataSource);
			this.issuer = issuer;
		}

		@GetMapping("/bench/db")
		Map<String, Object> read(@RequestParam String id) {
			String userId = this.jdbc.queryForObject("select user_id from hybrid_auth_session where session_id = ?",
					String.class, id);
			return Map.of("pong", userId != null);
		}

		@GetMapping("/bench/sign")
		Map<String, Object> sign(@RequestParam String id) {
			Instant now = Instant.now();
			HybridSession session = new HybridSession(id, "alice", List.of("ROLE_USER"), now, now,
					now.plusSeconds(1800), now.plusSeconds(28800), now, "127.0.0.1", "wrk");
			this.issuer.issue(session);
			this.jdbc.update("update hybrid_auth_session set last_accessed_at = ? where session_id = ?",
					Timestamp.from(now), id);
			return Map.of("pong", true);
		}

	}

}
