package dev.hybridauth.test;

import java.time.Duration;
import java.time.Instant;

import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.test.app.TestSupportApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static dev.hybridauth.test.HybridAuthRequestPostProcessors.hybridSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code hybridSession()}: a real session in the application's store, its token through
 * the starter's filter chain, its authorities and authentication age as the test asked.
 */
@SpringBootTest(classes = TestSupportApplication.class)
@AutoConfigureMockMvc
class HybridSessionRequestPostProcessorTests {

	static final String STEP_UP_CHALLENGE = "Bearer error=\"insufficient_user_authentication\", "
			+ "error_description=\"A more recent authentication is required.\", max_age=300";

	@Autowired
	MockMvc mockMvc;

	@Autowired
	HybridSessionService sessions;

	@Test
	void hybridSessionAuthenticatesWithTheTokenOfALiveSessionInTheStore() throws Exception {
		MvcResult result = this.mockMvc.perform(get("/api/me").with(hybridSession().username("ann")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("ann"))
			.andExpect(jsonPath("$.authorities").value("ROLE_USER"))
			.andExpect(jsonPath("$.method").value("SESSION"))
			.andReturn();

		String sessionId = com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.session_id");
		assertThat(this.sessions.findLive(sessionId)).get().extracting(HybridSession::userId).isEqualTo("ann");
		assertThat(result.getRequest().getHeader(HttpHeaders.AUTHORIZATION)).startsWith("Bearer ").doesNotContain(".");
	}

	@Test
	void withoutACredentialTheSameRouteAnswers401() throws Exception {
		this.mockMvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
	}

	@Test
	void theRolesDecideTheAuthorization() throws Exception {
		this.mockMvc.perform(get("/api/admin/stats").with(hybridSession().roles("USER", "ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value(true));
		this.mockMvc.perform(get("/api/admin/stats").with(hybridSession().roles("USER")))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					org.hamcrest.Matchers.startsWith("Bearer error=\"insufficient_scope\"")));
	}

	@Test
	void authoritiesAreGivenByTheirFullNames() throws Exception {
		this.mockMvc.perform(get("/api/me").with(hybridSession().authorities("ROLE_ADMIN", "reports:read")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_ADMIN"))
			.andExpect(jsonPath("$.authorities[1]").value("reports:read"));
		this.mockMvc.perform(get("/api/admin/stats").with(hybridSession().authorities("ROLE_ADMIN")))
			.andExpect(status().isOk());
	}

	@Test
	void aRecentLoginPassesTheStepUpRule() throws Exception {
		this.mockMvc.perform(post("/api/account/email").with(hybridSession().authenticatedAgo(Duration.ofMinutes(4))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("user"));
	}

	@Test
	void aLoginOlderThanTheRoutesMaxAuthenticationAgeIsAskedToReauthenticate() throws Exception {
		this.mockMvc
			.perform(post("/api/account/email")
				.with(hybridSession().username("bob").authenticatedAgo(Duration.ofMinutes(10))))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, STEP_UP_CHALLENGE))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

		assertThat(this.sessions.findLiveSessions("bob")).hasSize(1);
		HybridSession session = this.sessions.findLiveSessions("bob").get(0);
		Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
		assertThat(session.authenticatedAt()).isCloseTo(tenMinutesAgo, within(Duration.ofSeconds(5)));
		assertThat(session.startedAt()).isEqualTo(session.authenticatedAt());
		assertThat(session.lastAccessedAt()).isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));
	}

	@Test
	void theAuthenticationAgeIsValidated() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> hybridSession().authenticatedAgo(Duration.ofMinutes(-1)))
			.withMessage("authenticatedAgo must be zero or positive");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> hybridSession().roles("ROLE_ADMIN"))
			.withMessageContaining("cannot start with ROLE_");
	}

}
