package dev.hybridauth.web.authentication;

import java.util.List;

import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the hybrid-auth credential on a request, without checking it. The default looks
 * for an {@code Authorization: Bearer} header first, then for the session cookies;
 * compose others with {@link #firstOf(CredentialResolver...)}.
 */
@FunctionalInterface
public interface CredentialResolver {

	/**
	 * Finds the credential on a request, once per request, without checking it.
	 * @param request the request
	 * @return the credential, or {@code null} when the request carries none that this
	 * resolver handles
	 * @throws MalformedCredentialException when the request's credential is malformed on
	 * its face
	 */
	HybridCredential resolve(HttpServletRequest request);

	/**
	 * The resolver of bearer headers, the one the default asks first.
	 * @return a resolver of {@code Authorization: Bearer} headers (scheme
	 * case-insensitive); two {@code Authorization} headers are a malformed request, an
	 * empty or non-token68 value an invalid credential
	 */
	static CredentialResolver bearer() {
		return BearerCredentialResolver.INSTANCE;
	}

	/**
	 * The resolver of the browser flow's cookies, the one the default asks second.
	 * @param cookies the session cookies
	 * @return a resolver of the session JWT cookie and the session cookie
	 */
	static CredentialResolver cookies(SessionCookies cookies) {
		return new CookieCredentialResolver(cookies);
	}

	/**
	 * Combines resolvers: the first one that finds a credential wins, and a malformed
	 * credential stops the search.
	 * @param resolvers resolvers, in the order they are asked
	 * @return a resolver that answers what the first resolver that finds a credential
	 * finds
	 */
	static CredentialResolver firstOf(CredentialResolver... resolvers) {
		List<CredentialResolver> all = List.of(resolvers);
		return (request) -> {
			for (CredentialResolver resolver : all) {
				HybridCredential credential = resolver.resolve(request);
				if (credential != null) {
					return credential;
				}
			}
			return null;
		};
	}

}
