package dev.hybridauth.web.authentication;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * {@code Authorization: Bearer <token>}, with the scheme case-insensitive (RFC 6750).
 */
final class BearerCredentialResolver implements CredentialResolver {

	static final BearerCredentialResolver INSTANCE = new BearerCredentialResolver();

	private static final String BEARER = "bearer";

	private BearerCredentialResolver() {
	}

	@Override
	public HybridCredential resolve(HttpServletRequest request) {
		String authorization = singleAuthorizationHeader(request);
		if (authorization == null || !isBearer(authorization)) {
			return null;
		}
		String token = authorization.substring(BEARER.length()).strip();
		if (token.isEmpty()) {
			throw new MalformedCredentialException("empty bearer token", false);
		}
		return HybridCredential.bearer(token);
	}

	private static String singleAuthorizationHeader(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String first = headers.nextElement();
		if (headers.hasMoreElements()) {
			throw new MalformedCredentialException("more than one Authorization header", true);
		}
		return first;
	}

	private static boolean isBearer(String authorization) {
		return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
				&& (authorization.length() == BEARER.length()
						|| Character.isWhitespace(authorization.charAt(BEARER.length())));
	}

}
