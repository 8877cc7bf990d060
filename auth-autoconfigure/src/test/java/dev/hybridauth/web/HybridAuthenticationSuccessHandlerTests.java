package dev.hybridauth.web;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.login.LoginRefusedException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HybridAuthenticationSuccessHandler} when the session store is down.
 */
class HybridAuthenticationSuccessHandlerTests {

	@Test
	void onAuthenticationSuccessWhenTheSessionStoreIsDownThenRefusesTheLoginAsUnavailable() {
		HybridSessionService down = (HybridSessionService) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { HybridSessionService.class }, (proxy, method, args) -> {
					throw new DataAccessResourceFailureException("Connection refused");
				});
		HybridAuthenticationSuccessHandler handler = new HybridAuthenticationSuccessHandler(down,
				new SessionCookies(false, "Lax"));
		List<String> next = new ArrayList<>();
		handler.setNext((request, response, authentication) -> next.add(authentication.getName()));
		MockHttpServletResponse response = new MockHttpServletResponse();

		assertThatExceptionOfType(LoginRefusedException.class)
			.isThrownBy(() -> handler.onAuthenticationSuccess(new MockHttpServletRequest("POST", "/login"), response,
					new TestingAuthenticationToken("alice", null, "ROLE_USER")))
			.satisfies((refused) -> {
				assertThat(refused.getReason()).isEqualTo(LoginRefusedException.Reason.UNAVAILABLE);
				assertThat(refused.getRetryAfterSeconds()).isEqualTo(5);
			});
		assertThat(next).as("the next handler is not called").isEmpty();
		assertThat(response.getHeaders("Set-Cookie")).isEmpty();
	}

}
