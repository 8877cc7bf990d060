package dev.hybridauth.web.authentication;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers {@code 401} with {@code WWW-Authenticate: Bearer}, and with
 * {@code error="invalid_token"} when the request carried a credential (which was then
 * refused) or an endpoint refused the credential it read
 * ({@link BadCredentialsException}).
 */
public final class HybridAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof BadCredentialsException || HybridCredential.of(request) != null
				|| request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			ProblemResponses.invalidCredential(response);
		}
		else {
			ProblemResponses.unauthorized(response, BearerChallenge.MISSING, ProblemResponses.AUTHENTICATION_REQUIRED);
		}
	}

}
