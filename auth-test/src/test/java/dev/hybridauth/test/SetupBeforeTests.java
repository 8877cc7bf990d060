package dev.hybridauth.test;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.test.app.TestSupportApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code setupBefore}: a test whose {@code @BeforeEach} logs everybody out gets its
 * annotated session after it with {@code TEST_EXECUTION}, and loses it without.
 */
@SpringBootTest(classes = TestSupportApplication.class)
@AutoConfigureMockMvc
class SetupBeforeTests {

	@Autowired
	MockMvc mockMvc;

	@Autowired
	HybridSessionService sessions;

	@BeforeEach
	void logEverybodyOut() {
		this.sessions.revokeAll("kim", RevocationReason.LOGOUT_ALL);
	}

	@Test
	@WithHybridSession(username = "kim", setupBefore = TestExecutionEvent.TEST_EXECUTION)
	void aSessionStartedAfterTheBeforeEachMethodsIsLive() throws Exception {
		this.mockMvc.perform(get("/api/me")).andExpect(status().isOk());
	}

	@Test
	@WithHybridSession(username = "kim")
	void aSessionStartedBeforeThemIsLoggedOutByThem() throws Exception {
		this.mockMvc.perform(get("/api/me")).andExpect(status().isUnauthorized());
	}

}
