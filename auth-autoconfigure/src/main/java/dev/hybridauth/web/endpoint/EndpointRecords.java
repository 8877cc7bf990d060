package dev.hybridauth.web.endpoint;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.web.endpoint.HybridAuthEndpoints.EndpointException;
import tools.jackson.databind.annotation.JsonDeserialize;

import org.springframework.http.HttpStatus;

/**
 * The JSON bodies of the HTTP contract: snake_case names and ISO-8601 UTC times (as
 * strings, so that they do not depend on how the application configures its JSON mapper).
 * A request record checks its fields when it is made, for a JSON body and a form alike: a
 * missing required field or one over its length limit is a {@code 400} that names the
 * field.
 */
final class EndpointRecords {

	/** The longest username accepted, in characters. */
	static final int MAX_USERNAME_LENGTH = 256;

	/**
	 * The longest password accepted, in characters: room for any passphrase. BCrypt reads
	 * only the first 72 bytes of it; Argon2, scrypt and PBKDF2 hash all of it, so the
	 * limit also bounds what one password check costs.
	 */
	static final int MAX_PASSWORD_LENGTH = 1024;

	/**
	 * The length of a session token: 256 bits, base64url without padding. A longer one
	 * cannot be a session token.
	 */
	static final int MAX_SESSION_TOKEN_LENGTH = 43;

	private EndpointRecords() {
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * Checks one field of a request.
	 * @param name the field's name in the request, as the client sent it
	 * @param value its value, or {@code null} when it was missing
	 * @param maxLength the most characters it may have
	 * @param required whether it must be present and not empty
	 * @throws EndpointException {@code 400} naming the field when it is missing but
	 * required, or too long
	 */
	private static void checkField(String name, String value, int maxLength, boolean required) {
		if (required && (value == null || value.isEmpty())) {
			throw new EndpointException(HttpStatus.BAD_REQUEST, "The field '" + name + "' is required.");
		}
		if (value != null && value.length() > maxLength) {
			throw new EndpointException(HttpStatus.BAD_REQUEST, "The field '" + name + "' is too long.");
		}
	}

	/**
	 * {@code POST {base}/login}, as JSON or as a form.
	 *
	 * @param username the username to authenticate; required, at most
	 * {@value #MAX_USERNAME_LENGTH} characters
	 * @param password the password; required, at most {@value #MAX_PASSWORD_LENGTH}
	 * characters
	 */
	record LoginRequest(@JsonDeserialize(using = StrictStringDeserializer.class) String username,
			@JsonDeserialize(using = StrictStringDeserializer.class) String password) {

		LoginRequest {
			checkField("username", username, MAX_USERNAME_LENGTH, true);
			checkField("password", password, MAX_PASSWORD_LENGTH, true);
		}

	}

	/**
	 * {@code POST {base}/refresh} with the session token in the body.
	 *
	 * @param sessionToken the opaque session token of the session to refresh; optional
	 * (the session cookie or a bearer header may carry it instead), at most
	 * {@value #MAX_SESSION_TOKEN_LENGTH} characters
	 */
	record RefreshRequest(@JsonProperty("session_token") @JsonDeserialize(
			using = StrictStringDeserializer.class) String sessionToken) {

		RefreshRequest {
			checkField("session_token", sessionToken, MAX_SESSION_TOKEN_LENGTH, false);
		}

	}

	/**
	 * {@code POST {base}/reauthenticate}.
	 *
	 * @param password the caller's password, proved again; required, at most
	 * {@value #MAX_PASSWORD_LENGTH} characters
	 */
	record ReauthenticateRequest(@JsonDeserialize(using = StrictStringDeserializer.class) String password) {

		ReauthenticateRequest {
			checkField("password", password, MAX_PASSWORD_LENGTH, true);
		}

	}

	/**
	 * The answer of login, refresh and re-authentication.
	 *
	 * @param sessionToken the new session token: only after login and re-authentication,
	 * when {@code hybrid-auth.session.token-in-body} is on; {@code null} (left out)
	 * otherwise
	 * @param sessionJwt the new session JWT
	 * @param sessionJwtExpiresAt when the session JWT expires
	 * @param session the session the tokens belong to
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record TokenResponse(@JsonProperty("session_token") String sessionToken,
			@JsonProperty("session_jwt") String sessionJwt,
			@JsonProperty("session_jwt_expires_at") String sessionJwtExpiresAt, SessionResponse session) {

		static TokenResponse of(HybridSession session, SessionJwt jwt, String sessionToken) {
			return new TokenResponse(sessionToken, jwt.token(), time(jwt.expiresAt()), SessionResponse.of(session));
		}

	}

	/**
	 * The session object; in the list of sessions with {@code current}, and as the
	 * current session with how the request was authenticated.
	 *
	 * @param sessionId the public session id, never the token
	 * @param userId the user the session belongs to
	 * @param startedAt when the session started
	 * @param lastAccessedAt when the session was last used
	 * @param expiresAt the sooner of the idle and the absolute expiry
	 * @param absoluteExpiresAt when the session expires however much it is used
	 * @param authenticatedAt when the user last proved who they are
	 * @param ipAddress the client address at login; written even when {@code null}
	 * @param userAgent the client's {@code User-Agent} at login; written even when
	 * {@code null}
	 * @param current in the list of sessions, whether it is the caller's own; else
	 * {@code null} (left out)
	 * @param authenticatedVia for the current session, {@code jwt} or {@code session};
	 * else {@code null} (left out)
	 * @param authorities for the current session, the authorities the request carries;
	 * else {@code null} (left out)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SessionResponse(@JsonProperty("session_id") String sessionId, @JsonProperty("user_id") String userId,
			@JsonProperty("started_at") String startedAt, @JsonProperty("last_accessed_at") String lastAccessedAt,
			@JsonProperty("expires_at") String expiresAt, @JsonProperty("absolute_expires_at") String absoluteExpiresAt,
			@JsonProperty("authenticated_at") String authenticatedAt,
			@JsonProperty("ip_address") @JsonInclude(JsonInclude.Include.ALWAYS) String ipAddress,
			@JsonProperty("user_agent") @JsonInclude(JsonInclude.Include.ALWAYS) String userAgent, Boolean current,
			@JsonProperty("authenticated_via") String authenticatedVia, List<String> authorities) {

		static SessionResponse of(HybridSession session) {
			return new SessionResponse(session.sessionId(), session.userId(), time(session.startedAt()),
					time(session.lastAccessedAt()), time(session.expiresAt()), time(session.absoluteExpiresAt()),
					time(session.authenticatedAt()), session.ipAddress(), session.userAgent(), null, null, null);
		}

		SessionResponse withCurrent(boolean current) {
			return new SessionResponse(this.sessionId, this.userId, this.startedAt, this.lastAccessedAt, this.expiresAt,
					this.absoluteExpiresAt, this.authenticatedAt, this.ipAddress, this.userAgent, current, null, null);
		}

		SessionResponse withAuthentication(String authenticatedVia, List<String> authorities) {
			return new SessionResponse(this.sessionId, this.userId, this.startedAt, this.lastAccessedAt, this.expiresAt,
					this.absoluteExpiresAt, this.authenticatedAt, this.ipAddress, this.userAgent, null,
					authenticatedVia, authorities);
		}

	}

	/**
	 * {@code GET {base}/sessions}.
	 *
	 * @param sessions the caller's live sessions, newest first
	 */
	record SessionsResponse(List<SessionResponse> sessions) {

	}

	/**
	 * {@code GET {base}/csrf}.
	 *
	 * @param token the CSRF token value
	 * @param headerName the header to send it in
	 * @param parameterName the form parameter to send it in instead
	 */
	record CsrfResponse(String token, @JsonProperty("header_name") String headerName,
			@JsonProperty("parameter_name") String parameterName) {

	}

	/**
	 * An error, as {@code application/problem+json} (RFC 9457).
	 *
	 * @param type the problem type, always {@code about:blank}
	 * @param title the status's reason phrase
	 * @param status the HTTP status code
	 * @param detail what went wrong, for people; never token material
	 */
	record Problem(String type, String title, int status, String detail) {

	}

}
