package dev.hybridauth.test;

import java.time.Duration;

import dev.hybridauth.test.app.TestSupportApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hybridauth.test.HybridAuthRequestPostProcessors.sessionJwt;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With a touch interval of zero, the live check reloads the user of a test session from
 * the application's user store, as it does a real user's: the test's authorities give way
 * to the store's, and a user the store does not know has the session revoked.
 */
@SpringBootTest(classes = TestSupportApplication.class, properties = "hybrid-auth.session.touch-interval=0s")
@AutoConfigureMockMvc
class UserReloadTests {

	@Autowired
	MockMvc mockMvc;

	@Test
	void aKnownUserKeepsTheRolesTheUserStoreGives() throws Exception {
		this.mockMvc
			.perform(get("/api/admin/young-token")
				.with(sessionJwt().username("admin").roles("USER", "ADMIN").tokenAge(Duration.ofSeconds(90))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("admin"));
	}

	@Test
	void rolesTheUserStoreDoesNotGiveAreTakenAwayByTheLiveCheck() throws Exception {
		this.mockMvc
			.perform(get("/api/admin/young-token")
				.with(sessionJwt().username("ann").roles("ADMIN").tokenAge(Duration.ofSeconds(90))))
			.andExpect(status().isForbidden());
	}

	@Test
	void aUserTheUserStoreDoesNotKnowHasTheSessionRevoked() throws Exception {
		this.mockMvc
			.perform(get("/api/admin/young-token")
				.with(sessionJwt().username("nobody").roles("ADMIN").tokenAge(Duration.ofSeconds(90))))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")));
	}

}
