package dev.hybridauth.web.authentication;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers {@code 403}: a missing or invalid CSRF token, or an authenticated caller
 * lacking the authority (with {@code WWW-Authenticate: Bearer error="insufficient_scope"}
 * for bearer callers).
 */
public final class HybridAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		if (accessDeniedException instanceof CsrfException) {
			ProblemResponses.write(response, HttpStatus.FORBIDDEN, "A valid CSRF token is required.");
			return;
		}
		HybridCredential credential = HybridCredential.of(request);
		if (credential != null && credential.isBearer()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.INSUFFICIENT_SCOPE);
		}
		ProblemResponses.write(response, HttpStatus.FORBIDDEN, "Access to this resource is denied.");
	}

}
