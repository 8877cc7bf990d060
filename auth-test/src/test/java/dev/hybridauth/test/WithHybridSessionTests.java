package dev.hybridauth.test;

import java.util.List;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.test.app.TestSupportApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static dev.hybridauth.test.HybridAuthRequestPostProcessors.hybridSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WithHybridSession} and {@code @WithSessionJwt} on test methods: the MockMvc of
 * {@code @AutoConfigureMockMvc} sends the annotated session's credential on every
 * request, through the starter's own filter chain.
 */
@SpringBootTest(classes = TestSupportApplication.class)
@AutoConfigureMockMvc
class WithHybridSessionTests {

	@Autowired
	MockMvc mockMvc;

	@Autowired
	HybridSessionService sessions;

	@Autowired
	SessionStore store;

	@Autowired
	WebApplicationContext context;

	@Test
	void withoutAnAnnotationRequestsCarryNoCredential() throws Exception {
		this.mockMvc.perform(get("/api/me")).andExpect(status().isUnauthorized());
	}

	@Test
	@WithHybridSession(username = "ann")
	void theAnnotatedSessionAuthenticatesEveryRequestOfTheTest() throws Exception {
		this.mockMvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("ann"))
			.andExpect(jsonPath("$.method").value("SESSION"));
		this.mockMvc.perform(get("/api/me")).andExpect(status().isOk()).andExpect(jsonPath("$.user").value("ann"));
	}

	@Test
	@WithHybridSession(username = "frank", roles = "ADMIN")
	void theTestThreadHoldsTheAuthenticationOfALiveSession() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		assertThat(authentication).isInstanceOf(HybridAuthentication.class);
		HybridAuthentication.Details details = ((HybridAuthentication) authentication).getDetails();
		assertThat(details.method()).isEqualTo(AuthenticationMethod.SESSION);
		assertThat(authentication.getName()).isEqualTo("frank");
		assertThat(this.sessions.findLive(details.sessionId())).get()
			.satisfies((session) -> assertThat(session.authorities()).containsExactly("ROLE_ADMIN"));
	}

	@Test
	@WithHybridSession(roles = { "USER", "ADMIN" })
	void anAdminSessionReachesTheAdminRoute() throws Exception {
		this.mockMvc.perform(get("/api/admin/stats")).andExpect(status().isOk());
	}

	@Test
	@WithHybridSession
	void aUserSessionIsForbiddenTheAdminRoute() throws Exception {
		this.mockMvc.perform(get("/api/admin/stats"))
			.andExpect(status().isForbidden())
			.andExpect(
					header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"insufficient_scope\"")));
	}

	@Test
	@WithHybridSession(authenticatedAgo = "4m")
	void anAnnotatedRecentLoginPassesTheStepUpRule() throws Exception {
		this.mockMvc.perform(post("/api/account/email")).andExpect(status().isOk());
	}

	@Test
	@WithHybridSession(authenticatedAgo = "10m")
	void anAnnotatedOldLoginIsAskedToReauthenticate() throws Exception {
		this.mockMvc.perform(post("/api/account/email"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					HybridSessionRequestPostProcessorTests.STEP_UP_CHALLENGE));
	}

	@Test
	@WithHybridSession(authenticatedAgo = "10m")
	void aPostProcessorOfTheRequestReplacesTheAnnotatedSession() throws Exception {
		this.mockMvc.perform(post("/api/account/email").with(hybridSession().username("ann")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("ann"));
	}

	@Test
	@WithSessionJwt(username = "gina", roles = "ADMIN", tokenAge = "30s")
	void anAnnotatedYoungTokenIsTrustedWithoutTheLiveCheck() throws Exception {
		this.store.updateAuthorities("gina", List.of("ROLE_USER"));
		this.mockMvc.perform(get("/api/admin/young-token"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authorities").value("ROLE_ADMIN"));
	}

	@Test
	@WithSessionJwt(username = "hank", roles = "ADMIN", tokenAge = "90s")
	void anAnnotatedOldTokenHasItsSessionCheckedLive() throws Exception {
		this.mockMvc.perform(get("/api/admin/young-token"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("hank"));
		this.store.updateAuthorities("hank", List.of("ROLE_USER"));
		this.mockMvc.perform(get("/api/admin/young-token")).andExpect(status().isForbidden());
	}

	@Test
	@WithSessionJwt(username = "ivy")
	void revokingTheAnnotatedSessionRefusesItsJwtAtOnce() throws Exception {
		this.mockMvc.perform(get("/api/me")).andExpect(status().isOk()).andExpect(jsonPath("$.method").value("JWT"));
		assertThat(this.sessions.revokeAll("ivy", RevocationReason.LOGOUT_ALL)).isEqualTo(1);
		this.mockMvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")));
	}

	@Test
	@WithHybridSession(username = "jack", roles = "ADMIN")
	void aMockMvcBuiltByHandCarriesTheAnnotatedSessionWithTheConfigurer() throws Exception {
		MockMvc withConfigurer = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.apply(HybridAuthMockMvcConfigurers.hybridAuth())
			.build();
		withConfigurer.perform(get("/api/admin/young-token")).andExpect(status().isOk());
		// without it, only Spring Security's test context reaches the request: a
		// sensitive
		// route wants a credential
		MockMvc withoutConfigurer = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
		withoutConfigurer.perform(get("/api/admin/young-token"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
	}

	@Test
	@WithSessionJwt(authenticatedAgo = "10m", tokenAge = "30s")
	void anAnnotatedJwtOfAnOldLoginIsAskedToReauthenticate() throws Exception {
		assertThat(
				((HybridAuthentication) SecurityContextHolder.getContext().getAuthentication()).getDetails().method())
			.isEqualTo(AuthenticationMethod.JWT);
		this.mockMvc.perform(post("/api/account/email"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					HybridSessionRequestPostProcessorTests.STEP_UP_CHALLENGE));
	}

}
