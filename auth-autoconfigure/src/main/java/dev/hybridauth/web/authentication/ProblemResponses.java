package dev.hybridauth.web.authentication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.hybridauth.login.LoginRefusedException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the {@code application/problem+json} (RFC 9457) bodies of every error
 * hybrid-auth answers. The details are fixed sentences: nothing the request carried is
 * ever echoed.
 */
final class ProblemResponses {

	/**
	 * The one detail for every rejected credential, so that the answer tells an attacker
	 * nothing.
	 */
	static final String INVALID_CREDENTIAL = "The credential is invalid, expired or revoked.";

	static final String AUTHENTICATION_REQUIRED = "Authentication is required to access this resource.";

	/**
	 * Seconds a client should wait before retrying when the session store is unreachable.
	 */
	static final String RETRY_AFTER_SECONDS = "5";

	private ProblemResponses() {
	}

	static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		byte[] body = json(status, detail).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	static void unauthorized(HttpServletResponse response, String wwwAuthenticate, String detail) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate);
		write(response, HttpStatus.UNAUTHORIZED, detail);
	}

	static void invalidCredential(HttpServletResponse response) throws IOException {
		unauthorized(response, BearerChallenge.INVALID_TOKEN, INVALID_CREDENTIAL);
	}

	static void storeUnavailable(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		write(response, HttpStatus.SERVICE_UNAVAILABLE, "The session store is unavailable. Try again shortly.");
	}

	/**
	 * Answers a password check that did not take place: {@code 429} when it was
	 * throttled, else {@code 503}, with {@code Retry-After}.
	 * @param response the response
	 * @param refused why the check did not take place
	 * @throws IOException when the body cannot be written
	 */
	static void loginRefused(HttpServletResponse response, LoginRefusedException refused) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(refused.getRetryAfterSeconds()));
		write(response, refused.isThrottled() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
				refused.getMessage());
	}

	static String json(HttpStatus status, String detail) {
		return "{\"type\":\"about:blank\",\"title\":\"" + escape(status.getReasonPhrase()) + "\",\"status\":"
				+ status.value() + ",\"detail\":\"" + escape(detail) + "\"}";
	}

	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}
