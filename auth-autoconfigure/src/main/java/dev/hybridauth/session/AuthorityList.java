package dev.hybridauth.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a session's authorities are stored in one column: a JSON array of strings, so that
 * any authority (spaces, quotes, any Unicode) comes back exactly as it went in. A value
 * that does not start with {@code [} was written by an earlier version, which joined the
 * authorities with spaces, and is read that way.
 */
final class AuthorityList {

	private AuthorityList() {
	}

	/**
	 * Writes authorities as a JSON array of strings.
	 * @param authorities the authorities
	 * @return the JSON text
	 */
	static String write(List<String> authorities) {
		StringBuilder json = new StringBuilder(authorities.size() * 16 + 2).append('[');
		for (int i = 0; i < authorities.size(); i++) {
			if (i > 0) {
				json.append(',');
			}
			json.append('"');
			escape(authorities.get(i), json);
			json.append('"');
		}
		return json.append(']').toString();
	}

	/**
	 * Reads what {@link #write(List)} wrote, or a space-joined list of an earlier
	 * version.
	 * @param stored the column's value
	 * @return the authorities
	 * @throws IllegalArgumentException when the value is not a JSON array of strings
	 */
	static List<String> read(String stored) {
		if (!stored.startsWith("[")) {
			return stored.isBlank() ? List.of() : Arrays.stream(stored.split(" ")).filter((s) -> !s.isEmpty()).toList();
		}
		List<String> authorities = new ArrayList<>();
		int i = skipSpaces(stored, 1);
		if (i < stored.length() && stored.charAt(i) == ']') {
			return List.of();
		}
		while (true) {
			StringBuilder value = new StringBuilder();
			i = readString(stored, skipSpaces(stored, i), value);
			authorities.add(value.toString());
			i = skipSpaces(stored, i);
			char next = charAt(stored, i++);
			if (next == ']') {
				return List.copyOf(authorities);
			}
			if (next != ',') {
				throw malformed();
			}
		}
	}

	private static void escape(String value, StringBuilder json) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
	}

	/**
	 * Reads a JSON string starting at its opening quote.
	 * @param json the text
	 * @param start the index of the opening quote
	 * @param value where the string's characters go
	 * @return the index after the closing quote
	 */
	private static int readString(String json, int start, StringBuilder value) {
		if (charAt(json, start) != '"') {
			throw malformed();
		}
		int i = start + 1;
		while (true) {
			char c = charAt(json, i++);
			if (c == '"') {
				return i;
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			char escaped = charAt(json, i++);
			switch (escaped) {
				case '"', '\\', '/' -> value.append(escaped);
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'u' -> {
					if (i + 4 > json.length()) {
						throw malformed();
					}
					value.append((char) Integer.parseInt(json, i, i + 4, 16));
					i += 4;
				}
				default -> throw malformed();
			}
		}
	}

	private static int skipSpaces(String json, int i) {
		while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
			i++;
		}
		return i;
	}

	private static char charAt(String json, int i) {
		if (i >= json.length()) {
			throw malformed();
		}
		return json.charAt(i);
	}

	private static IllegalArgumentException malformed() {
		return new IllegalArgumentException("The stored authorities are not a JSON array of strings");
	}

}
