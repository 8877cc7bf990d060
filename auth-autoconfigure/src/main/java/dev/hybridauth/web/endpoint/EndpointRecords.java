package dev.hybridauth.web.endpoint;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The JSON bodies of the HTTP contract: snake_case names and ISO-8601 UTC times (as
 * strings, so that they do not depend on how the application configures its JSON mapper).
 */
final class EndpointRecords {

	private EndpointRecords() {
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * {@code POST {base}/login} as JSON.
	 *
	 * @param username the username to authenticate; required
	 * @param password the password; required
	 */
	record LoginRequest(@JsonDeserialize(using = StrictStringDeserializer.class) String username,
			@JsonDeserialize(using = StrictStringDeserializer.class) String password) {

	}

	/**
	 * {@code POST {base}/refresh} with the session token in the body.
	 *
	 * @param sessionToken the opaque session token of the session to refresh
	 */
	record RefreshRequest(@JsonProperty("session_token") @JsonDeserialize(
			using = StrictStringDeserializer.class) String sessionToken) {

	}

	/**
	 * {@code POST {base}/reauthenticate}.
	 *
	 * @param password the caller's password, proved again; required
	 */
	record ReauthenticateRequest(@JsonDeserialize(using = StrictStringDeserializer.class) String password) {

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
