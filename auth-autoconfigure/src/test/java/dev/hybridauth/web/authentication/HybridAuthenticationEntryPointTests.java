package dev.hybridauth.web.authentication;

import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which challenge {@link HybridAuthenticationEntryPoint} answers: bare when the request
 * carried nothing, {@code invalid_token} when it carried something that was refused.
 */
class HybridAuthenticationEntryPointTests {

	private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\", "
			+ "error_description=\"The credential is invalid, expired or revoked.\"";

	private final HybridAuthenticationEntryPoint entryPoint = new HybridAuthenticationEntryPoint();

	@Test
	void commenceWhenNoCredentialThenBareBearerChallenge() throws Exception {
		MockHttpServletResponse response = commence(new MockHttpServletRequest(),
				new InsufficientAuthenticationException("Full authentication is required"));

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		assertProblemBody(response, "Authentication is required to access this resource.");
	}

	@Test
	void commenceWhenNoExceptionAndNoCredentialThenBareBearerChallenge() throws Exception {
		MockHttpServletResponse response = commence(new MockHttpServletRequest(), null);

		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
	}

	@Test
	void commenceWhenResolvedCredentialWasRefusedThenInvalidToken() throws Exception {
		MockHttpServletRequest bearer = new MockHttpServletRequest();
		bearer.addHeader(HttpHeaders.AUTHORIZATION, "Bearer revoked-token");
		MockHttpServletRequest cookie = new MockHttpServletRequest();
		cookie.setCookies(new Cookie(SessionCookies.SESSION_COOKIE, "revoked-token"));
		RequestCredentials credentials = new RequestCredentials(CredentialResolver.firstOf(CredentialResolver.bearer(),
				CredentialResolver.cookies(new SessionCookies(false, "Lax"))));
		credentials.resolve(bearer);
		credentials.resolve(cookie);

		for (MockHttpServletRequest request : new MockHttpServletRequest[] { bearer, cookie }) {
			MockHttpServletResponse response = commence(request,
					new InsufficientAuthenticationException("Full authentication is required"));

			assertThat(response.getStatus()).isEqualTo(401);
			assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(INVALID_TOKEN);
			assertProblemBody(response, "The credential is invalid, expired or revoked.");
			assertThat(response.getContentAsString()).doesNotContain("revoked-token");
		}
	}

	@Test
	void commenceWhenEndpointRefusedItsCredentialThenInvalidToken() throws Exception {
		MockHttpServletResponse response = commence(new MockHttpServletRequest(),
				new BadCredentialsException("unknown session token"));

		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(INVALID_TOKEN);
		assertThat(response.getContentAsString()).doesNotContain("unknown session token");
	}

	@Test
	void commenceWhenAuthorizationOfAnotherSchemeThenInvalidToken() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader(HttpHeaders.AUTHORIZATION, "Basic YWxpY2U6d3Jvbmc=");

		MockHttpServletResponse response = commence(request,
				new InsufficientAuthenticationException("Full authentication is required"));

		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(INVALID_TOKEN);
	}

	private MockHttpServletResponse commence(MockHttpServletRequest request, AuthenticationException exception)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.entryPoint.commence(request, response, exception);
		return response;
	}

	private static void assertProblemBody(MockHttpServletResponse response, String detail) throws Exception {
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\","
				+ "\"status\":401,\"detail\":\"" + detail + "\"}");
	}

}
