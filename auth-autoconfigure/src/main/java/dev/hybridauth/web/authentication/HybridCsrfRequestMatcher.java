package dev.hybridauth.web.authentication;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests need a CSRF token: unsafe methods that a browser could send cross-site
 * with the user's cookies. A bearer request needs none (a browser never adds an
 * {@code Authorization} header by itself), nor does a JSON request with no hybrid-auth
 * cookie (a cross-site page cannot send one without a CORS preflight, and it could not
 * use the user's session anyway). Form posts always need one, so a login form is
 * protected too. The security DSL sets it on the application's CSRF configuration.
 */
public final class HybridCsrfRequestMatcher implements RequestMatcher {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final RequestCredentials credentials;

	/**
	 * Creates the matcher. Give it the resolver the authentication filter uses: whichever
	 * of the two resolves a request first keeps the outcome for both.
	 * @param credentialResolver how the authentication filter finds a request's
	 * credential
	 */
	public HybridCsrfRequestMatcher(CredentialResolver credentialResolver) {
		this.credentials = new RequestCredentials(credentialResolver);
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod())) {
			return false;
		}
		RequestCredentials.Resolution resolution = this.credentials.resolve(request);
		if (resolution.malformed() != null || resolution.isBearer()) {
			// the authentication filter refuses a malformed credential; a bearer one
			// needs no token
			return false;
		}
		return resolution.credential() != null || !isJson(request);
	}

	private static boolean isJson(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			MediaType mediaType = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.isCompatibleWith(mediaType) || mediaType.getSubtype().endsWith("+json");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
