package dev.hybridauth.web;

import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValuesTests {

	@Test
	void isAllowedWhenAnyCodePointThenAgreesWithStrictHttpFirewall() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String value = "a" + new String(Character.toChars(codePoint)) + "b";
			assertThat(HeaderValues.isAllowed(value)).as("U+%04X", codePoint)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
		}
	}

	@Test
	void isAllowedWhenRandomStringsThenAgreesWithStrictHttpFirewall() {
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder value = new StringBuilder();
			for (int j = random.nextInt(12); j > 0; j--) {
				value.append((char) random.nextInt(0x10000));
			}
			assertThat(HeaderValues.isAllowed(value.toString()))
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value.toString()));
		}
	}

	@Test
	void isAllowedWhenJwtOrControlCharactersThenAsExpected() {
		assertThat(HeaderValues.isAllowed("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
		assertThat(HeaderValues.isAllowed("a\tb")).isTrue();
		assertThat(HeaderValues.isAllowed("a\nb")).isFalse();
		assertThat(HeaderValues.isAllowed("a\u0000b")).isFalse();
		assertThat(HeaderValues.isAllowed("")).isTrue();
	}

}
