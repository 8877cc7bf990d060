package dev.hybridauth.web.authentication;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.Assert;

/**
 * Resolves a request's credential once and keeps the outcome as a request attribute, so
 * that the CSRF rule (which runs before the authentication filter), the filter, the entry
 * point and the endpoints all see the same answer.
 */
final class RequestCredentials {

	private static final String ATTRIBUTE = RequestCredentials.class.getName() + ".RESOLUTION";

	private final CredentialResolver resolver;

	RequestCredentials(CredentialResolver resolver) {
		Assert.notNull(resolver, "resolver cannot be null");
		this.resolver = resolver;
	}

	/**
	 * Resolves a request's credential on the first call and answers every later call,
	 * from any component, with the same outcome.
	 * @param request the request
	 * @return the outcome of resolving the request's credential, resolved on the first
	 * call
	 */
	Resolution resolve(HttpServletRequest request) {
		Resolution resolution = resolved(request);
		if (resolution == null) {
			try {
				resolution = new Resolution(this.resolver.resolve(request), null);
			}
			catch (MalformedCredentialException ex) {
				resolution = new Resolution(null, ex);
			}
			request.setAttribute(ATTRIBUTE, resolution);
		}
		return resolution;
	}

	/**
	 * Reads the outcome kept by an earlier resolution, without resolving.
	 * @param request the request
	 * @return the outcome of an earlier resolution in this request, or {@code null}
	 */
	static Resolution resolved(HttpServletRequest request) {
		return (Resolution) request.getAttribute(ATTRIBUTE);
	}

	/**
	 * The outcome of resolving a request's credential: the credential, none, or why it is
	 * malformed.
	 *
	 * @param credential the credential found, or {@code null}
	 * @param malformed why the request's credential is malformed, or {@code null}
	 */
	record Resolution(HybridCredential credential, MalformedCredentialException malformed) {

		boolean isBearer() {
			return this.credential != null && this.credential.isBearer();
		}

	}

}
