package dev.hybridauth.token;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompactShapeTests {

	/** Three non-empty base64url segments, as the check's documentation states it. */
	private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	@Test
	void hasCompactShapeWhenRandomStringsThenAgreesWithRegularExpression() {
		Random random = new Random(7);
		String alphabet = "AZaz09-_.=+/ \u00e9\u0000\u0130";
		int compact = 0;
		for (int i = 0; i < 200_000; i++) {
			StringBuilder value = new StringBuilder();
			for (int j = random.nextInt(10); j > 0; j--) {
				value.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			boolean expected = COMPACT_JWS.matcher(value).matches();
			compact += expected ? 1 : 0;
			assertThat(NimbusSessionJwtVerifier.hasCompactShape(value.toString())).as(value.toString())
				.isEqualTo(expected);
		}
		// both outcomes were exercised
		assertThat(compact).isBetween(10, 199_990);
	}

	@Test
	void hasCompactShapeWhenTooLongOrEmptyThenFalse() {
		String segment = "a".repeat(NimbusSessionJwtVerifier.MAX_LENGTH);
		assertThat(NimbusSessionJwtVerifier.hasCompactShape("a.b.c")).isTrue();
		assertThat(NimbusSessionJwtVerifier.hasCompactShape(segment.substring(4) + ".b.c")).isTrue();
		assertThat(NimbusSessionJwtVerifier.hasCompactShape(segment + ".b.c")).isFalse();
		assertThat(NimbusSessionJwtVerifier.hasCompactShape("")).isFalse();
		assertThat(NimbusSessionJwtVerifier.hasCompactShape(null)).isFalse();
	}

}
