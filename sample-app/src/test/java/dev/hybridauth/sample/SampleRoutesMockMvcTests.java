package dev.hybridauth.sample;

import java.time.Duration;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.test.WithHybridSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hybridauth.test.HybridAuthRequestPostProcessors.hybridSession;
import static dev.hybridauth.test.HybridAuthRequestPostProcessors.sessionJwt;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample's own rules, tested as an application would with
 * hybrid-auth-spring-boot-test: sessions of the demo users, without a login.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SampleRoutesMockMvcTests {

	@Autowired
	MockMvc mockMvc;

	@Autowired
	HybridSessionService sessions;

	@Test
	void theAdminStatsNeedTheAdminRole() throws Exception {
		this.mockMvc.perform(get("/api/admin/stats").with(hybridSession().username("admin").roles("USER", "ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.users").isNumber());
		this.mockMvc.perform(get("/api/admin/stats").with(hybridSession().username("alice").roles("USER")))
			.andExpect(status().isForbidden());
	}

	@Test
	void changingTheEmailNeedsALoginOfTheLastFiveMinutes() throws Exception {
		this.mockMvc
			.perform(post("/api/account/email")
				.with(sessionJwt().username("alice").authenticatedAgo(Duration.ofMinutes(2))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("alice"));
		this.mockMvc
			.perform(post("/api/account/email")
				.with(sessionJwt().username("alice").authenticatedAgo(Duration.ofMinutes(10))))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					startsWith("Bearer error=\"insufficient_user_authentication\"")));
	}

	@Test
	void aTransferChecksTheSessionOfAnyJwtLive() throws Exception {
		this.mockMvc
			.perform(post("/api/transfers").with(sessionJwt().username("alice").tokenAge(Duration.ofSeconds(90))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.by").value("alice"));
		// the same, with every session of alice's logged out before the request reaches
		// the
		// filter
		this.mockMvc
			.perform(post("/api/transfers").with(sessionJwt().username("alice").tokenAge(Duration.ofSeconds(90)))
				.with((request) -> {
					this.sessions.revokeAll("alice", RevocationReason.LOGOUT_ALL);
					return request;
				}))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")));
	}

	@Test
	@WithHybridSession(username = "alice")
	void meSaysHowTheRequestWasAuthenticated() throws Exception {
		this.mockMvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("alice"))
			.andExpect(jsonPath("$.authenticated_via").value("session"));
	}

}
