package dev.hybridauth.web.authentication;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * {@code Authorization: Bearer <token>}, with the scheme case-insensitive (RFC 6750). A
 * value outside the token68 syntax (spaces, non-ASCII bytes, ...) is an invalid
 * credential, refused before any verification or lookup.
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
		if (!isToken68(token)) {
			throw new MalformedCredentialException("bearer token outside the token68 syntax", false);
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

	/**
	 * RFC 7235 {@code token68}:
	 * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
	 * @param token the bearer value, stripped
	 * @return whether the value has that syntax
	 */
	private static boolean isToken68(String token) {
		int end = token.length();
		while (end > 0 && token.charAt(end - 1) == '=') {
			end--;
		}
		if (end == 0) {
			return false;
		}
		for (int i = 0; i < end; i++) {
			char c = token.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private static boolean isBearer(String authorization) {
		return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
				&& (authorization.length() == BEARER.length()
						|| Character.isWhitespace(authorization.charAt(BEARER.length())));
	}

}
