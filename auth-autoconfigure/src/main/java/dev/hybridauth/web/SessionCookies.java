package dev.hybridauth.web;

import java.time.Duration;

import dev.hybridauth.SessionJwt;
import dev.hybridauth.StartedSession;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Reads and writes the session cookie ({@code hybrid_session}) and the session JWT cookie
 * ({@code hybrid_session_jwt}): {@code HttpOnly}, {@code Path=/}, no {@code Domain}, and
 * with {@code Secure} the {@code __Host-} prefix. The CSRF token cookie
 * ({@code XSRF-TOKEN}) follows the same rules, and is replaced whenever a session starts.
 */
public class SessionCookies {

	/** The session token cookie's name, before any {@code __Host-} prefix. */
	public static final String SESSION_COOKIE = "hybrid_session";

	/** The session JWT cookie's name, before any {@code __Host-} prefix. */
	public static final String JWT_COOKIE = "hybrid_session_jwt";

	/** The CSRF token cookie's name, before any {@code __Host-} prefix. */
	public static final String CSRF_COOKIE = "XSRF-TOKEN";

	static final String SECURE_PREFIX = "__Host-";

	private final Boolean secure;

	private final String sameSite;

	private final CsrfCookies csrf;

	/**
	 * Creates the reader and writer of both cookies, with the configured {@code Secure}
	 * and {@code SameSite} attributes.
	 * @param secure whether cookies are {@code Secure}; {@code null} to follow
	 * {@code request.isSecure()}
	 * @param sameSite the {@code SameSite} attribute
	 */
	public SessionCookies(Boolean secure, String sameSite) {
		this.secure = secure;
		this.sameSite = sameSite;
		this.csrf = new CsrfCookies(this::isSecure, sameSite);
	}

	/**
	 * The CSRF token repository that keeps the token in a cookie under these cookies'
	 * rules ({@code __Host-XSRF-TOKEN} when they are {@code Secure}, else
	 * {@code XSRF-TOKEN}; {@code HttpOnly}, {@code Path=/}, no {@code Domain}, the same
	 * {@code SameSite}); the security DSL sets it on the chain's CSRF protection.
	 * @return the CSRF token repository
	 */
	public CsrfTokenRepository csrfTokenRepository() {
		return this.csrf;
	}

	public String readSessionToken(HttpServletRequest request) {
		return read(request, SESSION_COOKIE);
	}

	public String readJwt(HttpServletRequest request) {
		return read(request, JWT_COOKIE);
	}

	/**
	 * Whether the request carries either cookie (under the name in use for this request).
	 * @param request the request
	 * @return {@code true} when a session or session JWT cookie is present
	 */
	public boolean isPresent(HttpServletRequest request) {
		return readSessionToken(request) != null || readJwt(request) != null;
	}

	/**
	 * Sets both cookies for a session that has just started (a login or a
	 * re-authentication): the session cookie until the session's absolute expiry, the JWT
	 * cookie until the JWT's; and, when CSRF protection covers the request, a new CSRF
	 * token cookie, so that no token known before the login (one planted by a sibling
	 * subdomain, say) is the one used after it.
	 * @param request the request
	 * @param response the response
	 * @param started the new session
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, StartedSession started) {
		write(request, response, SESSION_COOKIE, started.sessionToken(),
				Duration.between(started.jwt().issuedAt(), started.session().absoluteExpiresAt()));
		writeJwt(request, response, started.jwt());
		this.csrf.rotate(request, response);
	}

	/**
	 * Sets the JWT cookie, until the JWT expires.
	 * @param request the request
	 * @param response the response
	 * @param jwt the session JWT
	 */
	public void writeJwt(HttpServletRequest request, HttpServletResponse response, SessionJwt jwt) {
		write(request, response, JWT_COOKIE, jwt.token(), Duration.between(jwt.issuedAt(), jwt.expiresAt()));
	}

	/**
	 * Sends both cookies back expired.
	 * @param request the request
	 * @param response the response
	 */
	public void clear(HttpServletRequest request, HttpServletResponse response) {
		write(request, response, SESSION_COOKIE, "", Duration.ZERO);
		write(request, response, JWT_COOKIE, "", Duration.ZERO);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, String baseName, String value,
			Duration maxAge) {
		boolean secureCookie = isSecure(request);
		ResponseCookie cookie = ResponseCookie.from(name(baseName, secureCookie), value)
			.httpOnly(true)
			.secure(secureCookie)
			.path("/")
			.sameSite(this.sameSite)
			.maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	private String read(HttpServletRequest request, String baseName) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		String name = name(baseName, isSecure(request));
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

	boolean isSecure(HttpServletRequest request) {
		return (this.secure != null) ? this.secure : request.isSecure();
	}

	private static String name(String baseName, boolean secure) {
		return secure ? SECURE_PREFIX + baseName : baseName;
	}

}
