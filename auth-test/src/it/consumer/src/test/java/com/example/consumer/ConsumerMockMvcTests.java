package com.example.consumer;

import dev.hybridauth.test.WithHybridSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hybridauth.test.HybridAuthRequestPostProcessors.sessionJwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The same route tested with hybrid-auth-spring-boot-test, without a login (in the
 * context of {@link ConsumerHttpTests}, which starts once).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class ConsumerMockMvcTests {

	@Autowired
	MockMvc mockMvc;

	@Test
	void aSessionJwtOfTheTestSupportReachesTheSensitiveRoute() throws Exception {
		this.mockMvc.perform(get("/api/balance").with(sessionJwt().username("carla")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.owner").value("carla"));
		this.mockMvc.perform(get("/api/balance")).andExpect(status().isUnauthorized());
	}

	@Test
	@WithHybridSession(username = "carla")
	void theAnnotatedSessionReachesTheSensitiveRoute() throws Exception {
		this.mockMvc.perform(get("/api/balance")).andExpect(status().isOk());
	}

}
