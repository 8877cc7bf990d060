package dev.hybridauth.web.authentication;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The hybrid-auth credential a request carried, found once per request by the
 * {@link CredentialResolver} and kept as a request attribute for everything that needs it
 * later (the CSRF rule, the entry point, the access denied handler, the refresh
 * endpoint). Not yet checked.
 *
 * @param source where it was found
 * @param jwt a session JWT, or {@code null}
 * @param sessionToken an opaque session token, or {@code null}
 */
public record HybridCredential(Source source, String jwt, String sessionToken) {

	/**
	 * Makes a credential of a bearer header's value, telling a JWT from a session token
	 * by its shape.
	 * @param value the value of an {@code Authorization: Bearer} header
	 * @return a bearer credential: a JWT when the value has dots, an opaque session token
	 * when it has none
	 */
	public static HybridCredential bearer(String value) {
		return (value.indexOf('.') >= 0) ? new HybridCredential(Source.BEARER, value, null)
				: new HybridCredential(Source.BEARER, null, value);
	}

	/**
	 * Makes a credential of the two cookies of the browser flow, either of which may be
	 * missing.
	 * @param jwt the JWT cookie's value, or {@code null}
	 * @param sessionToken the session cookie's value, or {@code null}
	 * @return a cookie credential
	 */
	public static HybridCredential cookies(String jwt, String sessionToken) {
		return new HybridCredential(Source.COOKIES, jwt, sessionToken);
	}

	/**
	 * The credential the request carried, as resolved earlier in this request.
	 * @param request the request
	 * @return the credential, or {@code null} when the request carried none or it was not
	 * resolved
	 */
	public static HybridCredential of(HttpServletRequest request) {
		RequestCredentials.Resolution resolution = RequestCredentials.resolved(request);
		return (resolution != null) ? resolution.credential() : null;
	}

	public boolean isBearer() {
		return this.source == Source.BEARER;
	}

	@Override
	public String toString() {
		return "HybridCredential[source=" + this.source + ", jwt=" + ((this.jwt != null) ? "<hidden>" : null)
				+ ", sessionToken=" + ((this.sessionToken != null) ? "<hidden>" : null) + "]";
	}

	/** Where a credential was found. */
	public enum Source {

		/**
		 * {@code Authorization: Bearer <value>}: a session JWT or an opaque session
		 * token.
		 */
		BEARER,

		/** The session JWT cookie, the session cookie, or both (the browser flow). */
		COOKIES

	}

}
