package dev.hybridauth.login;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.hybridauth.LoginLimit;

/**
 * What the throttle counts failures under: one key per limit, the SHA-256 of the limit's
 * name and of what it is about, so that no store ever holds a username or an address.
 * <p>
 * Usernames that differ only in case, Unicode compatibility form or surrounding white
 * space are one account here (user stores often treat them as one, and an attacker would
 * otherwise get fresh counters by varying them). An IPv6 client is counted by its /64
 * network: one subscriber holds a whole /64 and could otherwise pick a new address for
 * every attempt.
 */
final class ThrottleKey {

	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

	private final LoginLimit limit;

	private final byte[] digest;

	private ThrottleKey(LoginLimit limit, String subject) {
		this.limit = limit;
		this.digest = sha256(limit.name() + '\u0000' + subject);
	}

	/**
	 * The keys of an attempt.
	 * @param username the username, as typed
	 * @param address the client address
	 * @return the pair, account and address keys, in that order
	 */
	static List<ThrottleKey> of(String username, String address) {
		String account = account(username);
		String client = client(address);
		return List.of(new ThrottleKey(LoginLimit.PAIR, account + '\u0000' + client),
				new ThrottleKey(LoginLimit.ACCOUNT, account), new ThrottleKey(LoginLimit.ADDRESS, client));
	}

	static ThrottleKey pair(String username, String address) {
		return new ThrottleKey(LoginLimit.PAIR, account(username) + '\u0000' + client(address));
	}

	LoginLimit limit() {
		return this.limit;
	}

	/**
	 * The key as the database stores it.
	 * @return the SHA-256, 64 hex characters
	 */
	String hex() {
		return HexFormat.of().formatHex(this.digest);
	}

	/**
	 * The first half of the SHA-256, for a key of two longs in memory: 128 bits keep
	 * collisions out of reach (and a collision would only merge two counters).
	 * @return the first 64 bits
	 */
	long high() {
		return ByteBuffer.wrap(this.digest, 0, 8).getLong();
	}

	/**
	 * The second quarter of the SHA-256.
	 * @return bits 64 to 127
	 */
	long low() {
		return ByteBuffer.wrap(this.digest, 8, 8).getLong();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ThrottleKey key && Arrays.equals(this.digest, key.digest);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.digest);
	}

	@Override
	public String toString() {
		return this.limit + ":" + hex();
	}

	static String account(String username) {
		String value = (username != null) ? username : "";
		return Normalizer.normalize(value.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
	}

	static String client(String address) {
		if (address == null) {
			return "";
		}
		if (address.indexOf(':') < 0) {
			return address;
		}
		String literal = address;
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		// only a literal reaches InetAddress: it never looks a name up
		if (!IPV6_LITERAL.matcher(literal).matches()) {
			return address;
		}
		try {
			InetAddress parsed = InetAddress.getByName(literal);
			if (parsed instanceof Inet6Address) {
				byte[] network = parsed.getAddress();
				Arrays.fill(network, 8, 16, (byte) 0);
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			return parsed.getHostAddress();
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
