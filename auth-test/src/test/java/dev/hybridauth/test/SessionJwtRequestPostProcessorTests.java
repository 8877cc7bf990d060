package dev.hybridauth.test;

import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jwt.SignedJWT;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.test.app.TestSupportApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static dev.hybridauth.test.HybridAuthRequestPostProcessors.sessionJwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code sessionJwt()}: a real session in the application's store and a JWT that the
 * application's issuer signed as issued {@code tokenAge} ago, verified by the starter's
 * filter.
 */
@SpringBootTest(classes = TestSupportApplication.class)
@AutoConfigureMockMvc
class SessionJwtRequestPostProcessorTests {

	@Autowired
	MockMvc mockMvc;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	SessionStore store;

	@Test
	void sessionJwtAuthenticatesWithASignedJwtOfALiveSession() throws Exception {
		MvcResult result = this.mockMvc.perform(get("/api/me").with(sessionJwt().username("carol")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("carol"))
			.andExpect(jsonPath("$.authorities").value("ROLE_USER"))
			.andExpect(jsonPath("$.method").value("JWT"))
			.andReturn();

		String sessionId = JsonPath.read(result.getResponse().getContentAsString(), "$.session_id");
		assertThat(this.sessions.findLive(sessionId)).isPresent();
		SignedJWT jwt = SignedJWT
			.parse(result.getRequest().getHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()));
		assertThat(jwt.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(sessionId);
	}

	@Test
	void theTokenAgeBackDatesIatAndTheLoginWithIt() throws Exception {
		MvcResult result = this.mockMvc
			.perform(get("/api/me").with(sessionJwt().username("carol").tokenAge(Duration.ofSeconds(90))))
			.andExpect(status().isOk())
			.andReturn();

		SignedJWT jwt = SignedJWT
			.parse(result.getRequest().getHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()));
		long now = System.currentTimeMillis() / 1000;
		long issuedAt = jwt.getJWTClaimsSet().getIssueTime().getTime() / 1000;
		assertThat(now - issuedAt).isBetween(90L, 95L);
		assertThat(jwt.getJWTClaimsSet().getNotBeforeTime().getTime() / 1000).isEqualTo(issuedAt);
		assertThat(jwt.getJWTClaimsSet().getLongClaim("auth_time")).isBetween(issuedAt - 1, issuedAt);
	}

	@Test
	void theRolesInTheJwtDecideTheAuthorization() throws Exception {
		this.mockMvc.perform(get("/api/admin/stats").with(sessionJwt().roles("ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value(true));
		this.mockMvc.perform(get("/api/admin/stats").with(sessionJwt().roles("USER")))
			.andExpect(status().isForbidden())
			.andExpect(
					header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"insufficient_scope\"")));
	}

	@Test
	void aJwtOfARecentLoginPassesTheStepUpRule() throws Exception {
		this.mockMvc
			.perform(post("/api/account/email")
				.with(sessionJwt().authenticatedAgo(Duration.ofMinutes(4)).tokenAge(Duration.ofSeconds(30))))
			.andExpect(status().isOk());
	}

	@Test
	void aJwtOfAnOldLoginIsAskedToReauthenticate() throws Exception {
		this.mockMvc
			.perform(post("/api/account/email")
				.with(sessionJwt().authenticatedAgo(Duration.ofMinutes(10)).tokenAge(Duration.ofSeconds(30))))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					HybridSessionRequestPostProcessorTests.STEP_UP_CHALLENGE));
	}

	@Test
	void aTokenYoungerThanMaxTokenAgeIsTrustedWithoutTheLiveCheck() throws Exception {
		this.mockMvc
			.perform(get("/api/admin/young-token")
				.with(sessionJwt().username("dave").roles("ADMIN").tokenAge(Duration.ofSeconds(30)))
				.with(demotedInTheStore("dave")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authorities").value("ROLE_ADMIN"));
	}

	@Test
	void aTokenOlderThanMaxTokenAgeHasItsSessionCheckedLive() throws Exception {
		this.mockMvc
			.perform(get("/api/admin/young-token")
				.with(sessionJwt().username("erin").roles("ADMIN").tokenAge(Duration.ofSeconds(90)))
				.with(demotedInTheStore("erin")))
			.andExpect(status().isForbidden());
		// positive control: undemoted, the same old token passes the live check
		this.mockMvc
			.perform(get("/api/admin/young-token")
				.with(sessionJwt().username("erin").roles("ADMIN").tokenAge(Duration.ofSeconds(90))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authorities").value("ROLE_ADMIN"));
	}

	@Test
	void aTokenAsOldAsItsLifetimeIsExpired() throws Exception {
		this.mockMvc.perform(get("/api/me").with(sessionJwt().tokenAge(Duration.ofMinutes(6))))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")));
	}

	@Test
	void aTokenCannotBeOlderThanTheLoginItCarries() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.mockMvc.perform(get("/api/me")
				.with(sessionJwt().authenticatedAgo(Duration.ofSeconds(10)).tokenAge(Duration.ofSeconds(90)))))
			.withMessageContaining("tokenAge (PT1M30S) cannot be longer than authenticatedAgo (PT10S)");
	}

	/**
	 * Takes the admin role from the user's sessions in the store only, as a change that
	 * the JWTs already issued cannot know of: no revocation view, no log row.
	 */
	private RequestPostProcessor demotedInTheStore(String username) {
		return (request) -> {
			assertThat(this.store.updateAuthorities(username, List.of("ROLE_USER"))).isPositive();
			return request;
		};
	}

}
