package dev.hybridauth.web;

import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * The CSRF token cookie, following the session cookies: {@code HttpOnly}, {@code Path=/},
 * no {@code Domain}, their {@code SameSite}, and, exactly when they are {@code Secure},
 * {@code Secure} with the name {@code __Host-XSRF-TOKEN}; the unprefixed cookie is then
 * ignored, so that a sibling subdomain cannot plant a token. Decided per request when
 * {@code hybrid-auth.cookie.secure} is unset, as for the session cookies.
 */
final class CsrfCookies implements CsrfTokenRepository {

	private final Predicate<HttpServletRequest> secure;

	private final CookieCsrfTokenRepository secureCookie;

	private final CookieCsrfTokenRepository plainCookie;

	private final CsrfTokenRequestHandler requestHandler = new XorCsrfTokenRequestAttributeHandler();

	/**
	 * Creates the CSRF cookie repository.
	 * @param secure whether a request's cookies are {@code Secure}
	 * @param sameSite the session cookies' {@code SameSite} attribute
	 */
	CsrfCookies(Predicate<HttpServletRequest> secure, String sameSite) {
		this.secure = secure;
		this.secureCookie = repository(SessionCookies.SECURE_PREFIX + SessionCookies.CSRF_COOKIE, true, sameSite);
		this.plainCookie = repository(SessionCookies.CSRF_COOKIE, false, sameSite);
	}

	private static CookieCsrfTokenRepository repository(String name, boolean secure, String sameSite) {
		CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
		repository.setCookieName(name);
		repository.setCookiePath("/");
		repository.setCookieCustomizer((cookie) -> cookie.secure(secure).sameSite(sameSite));
		return repository;
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return cookie(request).generateToken(request);
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		cookie(request).saveToken(token, request, response);
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return cookie(request).loadToken(request);
	}

	/**
	 * Replaces the request's CSRF token with a new one, on the response's cookie and for
	 * the rest of this request, when CSRF protection covers the request (Spring
	 * Security's {@code CsrfFilter} left its token on it); else does nothing.
	 * @param request the request of a login
	 * @param response its response, that gets the new cookie
	 */
	void rotate(HttpServletRequest request, HttpServletResponse response) {
		if (request.getAttribute(CsrfToken.class.getName()) == null) {
			return;
		}
		CsrfToken token = generateToken(request);
		saveToken(token, request, response);
		this.requestHandler.handle(request, response, () -> token);
	}

	private CookieCsrfTokenRepository cookie(HttpServletRequest request) {
		return this.secure.test(request) ? this.secureCookie : this.plainCookie;
	}

}
