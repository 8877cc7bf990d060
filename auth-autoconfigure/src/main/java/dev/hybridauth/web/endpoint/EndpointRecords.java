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

	/** {@code POST {base}/login} as JSON. */
	record LoginRequest(@JsonDeserialize(using = StrictStringDeserializer.class) String username,
			@JsonDeserialize(using = StrictStringDeserializer.class) String password) {

	}

	/** {@code POST {base}/refresh} with the session token in the body. */
	record RefreshRequest(@JsonProperty("session_token") @JsonDeserialize(
			using = StrictStringDeserializer.class) String sessionToken) {

	}

	/** {@code POST {base}/reauthenticate}. */
	record ReauthenticateRequest(@JsonDeserialize(using = StrictStringDeserializer.class) String password) {

	}

	/** The answer of login, refresh and re-authentication. */
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

	/** {@code GET {base}/sessions}. */
	record SessionsResponse(List<SessionResponse> sessions) {

	}

	/** {@code GET {base}/csrf}. */
	record CsrfResponse(String token, @JsonProperty("header_name") String headerName,
			@JsonProperty("parameter_name") String parameterName) {

	}

	/** An error, as {@code application/problem+json} (RFC 9457). */
	record Problem(String type, String title, int status, String detail) {

	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
