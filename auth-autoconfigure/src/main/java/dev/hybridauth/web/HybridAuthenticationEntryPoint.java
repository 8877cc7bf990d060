package dev.hybridauth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers {@code 401} with {@code WWW-Authenticate: Bearer}, and with {@code error="invalid_token"} when the
 * request carried a credential that was refused.
 */
public class HybridAuthenticationEntryPoint implements AuthenticationEntryPoint {

    /** Request attribute set when a credential was refused but the request went on unauthenticated. */
    public static final String CREDENTIAL_REJECTED = HybridAuthenticationEntryPoint.class.getName()
            + ".CREDENTIAL_REJECTED";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        if (request.getAttribute(CREDENTIAL_REJECTED) != null) {
            ProblemResponses.invalidCredential(response);
        }
        else {
            ProblemResponses.unauthorized(response, BearerChallenge.MISSING, ProblemResponses.AUTHENTICATION_REQUIRED);
        }
    }

}
