package dev.hybridauth.web;

import org.springframework.util.Assert;

/**
 * Where the hybrid-auth endpoints live: the one value that the endpoints, the security
 * DSL, the auto-configuration and the JWKS read. The paths of the endpoints under the
 * base path are fixed by the HTTP contract; the base path is
 * {@code hybrid-auth.endpoints.base-path} (default {@code /auth}).
 *
 * @param basePath the path the endpoints live under, starting with {@code /} and without
 * a trailing one
 */
public record EndpointSettings(String basePath) {

	/** {@code POST}: logs in. */
	public static final String LOGIN = "/login";

	/** {@code POST}: issues a fresh session JWT for a live session. */
	public static final String REFRESH = "/refresh";

	/** {@code POST}: ends the caller's session. */
	public static final String LOGOUT = "/logout";

	/** {@code POST}: ends every session of the caller's user. */
	public static final String LOGOUT_ALL = "/logout-all";

	/** {@code GET}: the caller's session. */
	public static final String SESSION = "/session";

	/**
	 * {@code GET}: the caller's live sessions; {@code DELETE}: every one of them but the
	 * current one.
	 */
	public static final String SESSIONS = "/sessions";

	/** {@code DELETE}: one of the caller's sessions. */
	public static final String SESSION_BY_ID = "/sessions/{sessionId}";

	/** {@code POST}: step-up, the caller proves their password again. */
	public static final String REAUTHENTICATE = "/reauthenticate";

	/** {@code GET}: the CSRF token for cookie-authenticated browser calls. */
	public static final String CSRF = "/csrf";

	/** {@code GET}: the public keys that verify session JWTs; not under the base path. */
	public static final String JWKS = "/.well-known/jwks.json";

	public EndpointSettings {
		Assert.isTrue(basePath != null && basePath.startsWith("/") && !basePath.endsWith("/"),
				"hybrid-auth.endpoints.base-path must start with '/' and not end with one");
	}

	/**
	 * The settings of an application that changed nothing: the endpoints under
	 * {@code /auth}.
	 * @return the default settings
	 */
	public static EndpointSettings defaults() {
		return new EndpointSettings("/auth");
	}

	/**
	 * The full path of an endpoint.
	 * @param endpoint one of this class's endpoint constants, such as {@link #LOGIN}
	 * @return the path under the base path
	 */
	public String path(String endpoint) {
		return this.basePath + endpoint;
	}

}
