package dev.hybridauth.sample;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.hybridauth.it.HttpClientSupport;
import dev.hybridauth.resourceserver.SessionJwtResourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hybridauth.it.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another service, with Spring Security's OAuth2 resource server set up by
 * {@link SessionJwtResourceServer}, trusts the running sample's logins: a second
 * application on its own port that reads the sample's JWKS over HTTP and takes the
 * session JWT of a real login, with its roles as authorities. A service that expects
 * another issuer or audience refuses the same JWT.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OtherServiceResourceServerTests {

	private static final Map<String, ConfigurableApplicationContext> otherServices = new java.util.HashMap<>();

	@LocalServerPort
	int port;

	HttpClientSupport sample;

	@BeforeEach
	void setUp() {
		this.sample = new HttpClientSupport(this.port);
	}

	@AfterAll
	static void stopOtherServices() {
		otherServices.values().forEach(ConfigurableApplicationContext::close);
		otherServices.clear();
	}

	@Test
	void theAdminRouteOfTheOtherServiceTakesTheRolesOfTheSessionJwt() {
		String admin = this.sample.login("admin", "admin-password").get("session_jwt").asString();
		String alice = this.sample.login("alice", "alice-password").get("session_jwt").asString();
		HttpClientSupport otherService = otherService("hybrid-auth", "hybrid-auth");

		HttpResponse<String> adminStats = otherService.get("/admin/stats", "Authorization", "Bearer " + admin);
		HttpResponse<String> aliceStats = otherService.get("/admin/stats", "Authorization", "Bearer " + alice);
		HttpResponse<String> aliceMe = otherService.get("/me", "Authorization", "Bearer " + alice);

		assertThat(adminStats.statusCode()).isEqualTo(200);
		assertThat(json(adminStats).get("user").asString()).isEqualTo("admin");
		assertThat(roles(adminStats)).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
		assertThat(aliceStats.statusCode()).isEqualTo(403);
		assertThat(aliceStats.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"insufficient_scope\""));
		assertThat(aliceMe.statusCode()).isEqualTo(200);
		assertThat(roles(aliceMe)).containsExactly("ROLE_USER");
	}

	@Test
	void aServiceThatExpectsAnotherAudienceOrIssuerRefusesTheJwt() {
		String admin = this.sample.login("admin", "admin-password").get("session_jwt").asString();

		HttpResponse<String> expected = otherService("hybrid-auth", "hybrid-auth").get("/me", "Authorization",
				"Bearer " + admin);
		HttpResponse<String> otherAudience = otherService("hybrid-auth", "payments-api").get("/me", "Authorization",
				"Bearer " + admin);
		HttpResponse<String> otherIssuer = otherService("https://other.example", "hybrid-auth").get("/me",
				"Authorization", "Bearer " + admin);

		assertThat(expected.statusCode()).as("positive control: the expected issuer and audience").isEqualTo(200);
		assertThat(otherAudience.statusCode()).isEqualTo(401);
		assertThat(otherAudience.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\"", "aud"));
		assertThat(otherIssuer.statusCode()).isEqualTo(401);
		assertThat(otherIssuer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\"", "iss"));
	}

	@Test
	void theOtherServiceRefusesATamperedJwtAndASessionToken() {
		JsonNode login = this.sample.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		String[] parts = jwt.split("\\.");
		String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"ROLE_USER\"",
				"\"ROLE_ADMIN\"");
		String tampered = parts[0] + "."
				+ java.util.Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
				+ "." + parts[2];
		HttpClientSupport otherService = otherService("hybrid-auth", "hybrid-auth");

		assertThat(otherService.get("/me", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
		assertThat(claims).contains("ROLE_ADMIN");
		assertThat(otherService.get("/admin/stats", "Authorization", "Bearer " + tampered).statusCode()).isEqualTo(401);
		assertThat(otherService.get("/me", "Authorization", "Bearer " + login.get("session_token").asString())
			.statusCode()).isEqualTo(401);
	}

	/**
	 * The authorities the other service saw, but for the {@code FACTOR_BEARER} that
	 * Spring Security adds to every bearer token.
	 */
	private static List<String> roles(HttpResponse<String> me) {
		return json(me).get("authorities")
			.valueStream()
			.map(JsonNode::asString)
			.filter((authority) -> !authority.startsWith("FACTOR_"))
			.toList();
	}

	/**
	 * The other service, started once per issuer and audience it expects, with the
	 * sample's JWKS.
	 */
	private HttpClientSupport otherService(String issuer, String audience) {
		ConfigurableApplicationContext context = otherServices.computeIfAbsent(issuer + " " + audience,
				(key) -> new SpringApplicationBuilder(OtherService.class)
					.properties("server.port=0", "spring.config.name=other-service",
							"spring.autoconfigure.exclude=dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration,"
									+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
							"other-service.jwks=http://localhost:" + this.port + "/.well-known/jwks.json",
							"other-service.issuer=" + issuer, "other-service.audience=" + audience)
					.run());
		return new HttpClientSupport(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/**
	 * A service of its own, that has hybrid-auth's jar on its classpath for
	 * {@link SessionJwtResourceServer} only, and excludes its auto-configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(OtherServiceController.class)
	static class OtherService {

		@Bean
		SecurityFilterChain otherServiceChain(HttpSecurity http, @Value("${other-service.jwks}") String jwks,
				@Value("${other-service.issuer}") String issuer, @Value("${other-service.audience}") String audience)
				throws Exception {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/admin/**").hasRole("ADMIN").anyRequest().authenticated())
				.oauth2ResourceServer((server) -> server.jwt(SessionJwtResourceServer.jwt(jwks, issuer, audience)))
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			return http.build();
		}

	}

	@RestController
	static class OtherServiceController {

		@GetMapping({ "/me", "/admin/stats" })
		Map<String, Object> me(Authentication authentication) {
			List<String> authorities = authentication.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.toList();
			return Map.of("user", authentication.getName(), "authorities", authorities);
		}

	}

}
