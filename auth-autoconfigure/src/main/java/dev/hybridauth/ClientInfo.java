package dev.hybridauth;

/**
 * What is recorded about the client that starts a session.
 *
 * @param ipAddress the client address, or {@code null}
 * @param userAgent the client's {@code User-Agent} header, or {@code null}
 */
public record ClientInfo(String ipAddress, String userAgent) {

	/**
	 * A client about which nothing is known, for sessions started outside an HTTP
	 * request.
	 */
	public static final ClientInfo UNKNOWN = new ClientInfo(null, null);

}
