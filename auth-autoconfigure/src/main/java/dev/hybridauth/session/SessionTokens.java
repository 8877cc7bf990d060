package dev.hybridauth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates session tokens and public session ids, checks a presented token's shape, and
 * hashes tokens for storage and lookup.
 */
final class SessionTokens {

	/** 256 bits. */
	private static final int TOKEN_BYTES = 32;

	/** Base64url without padding of {@link #TOKEN_BYTES} bytes. */
	static final int TOKEN_LENGTH = 43;

	private static final int SESSION_ID_BYTES = 16;

	/** Base64url without padding of {@link #SESSION_ID_BYTES} bytes. */
	static final int SESSION_ID_LENGTH = 22;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private SessionTokens() {
	}

	/**
	 * A new session token: 256 bits from {@link SecureRandom}, base64url without padding.
	 * @return the token
	 */
	static String newToken() {
		return randomBase64Url(TOKEN_BYTES);
	}

	/**
	 * A new public session id: 128 random bits, base64url without padding.
	 * @return the id
	 */
	static String newSessionId() {
		return randomBase64Url(SESSION_ID_BYTES);
	}

	/**
	 * Whether a presented value has the exact shape of a session token, so that anything
	 * else is refused without a database query.
	 * @param value the presented value
	 * @return {@code true} for 43 base64url characters
	 */
	static boolean isWellFormedToken(String value) {
		return hasBase64UrlShape(value, TOKEN_LENGTH);
	}

	/**
	 * Whether a value has the exact shape of a public session id.
	 * @param value the presented value
	 * @return {@code true} for 22 base64url characters
	 */
	static boolean isWellFormedSessionId(String value) {
		return hasBase64UrlShape(value, SESSION_ID_LENGTH);
	}

	/**
	 * The SHA-256 hash of a token, in lowercase hex: what the store keeps and looks up.
	 * @param token the session token
	 * @return 64 hex characters
	 */
	static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	private static String randomBase64Url(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return ENCODER.encodeToString(random);
	}

	private static boolean hasBase64UrlShape(String value, int length) {
		if (value == null || value.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			boolean base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_';
			if (!base64Url) {
				return false;
			}
		}
		return true;
	}

}
