package dev.hybridauth.web.authentication;

import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.Assert;

/**
 * The session JWT cookie and the session cookie of the browser flow.
 */
final class CookieCredentialResolver implements CredentialResolver {

	private final SessionCookies cookies;

	CookieCredentialResolver(SessionCookies cookies) {
		Assert.notNull(cookies, "cookies cannot be null");
		this.cookies = cookies;
	}

	@Override
	public HybridCredential resolve(HttpServletRequest request) {
		String jwt = this.cookies.readJwt(request);
		String sessionToken = this.cookies.readSessionToken(request);
		return (jwt != null || sessionToken != null) ? HybridCredential.cookies(jwt, sessionToken) : null;
	}

}
