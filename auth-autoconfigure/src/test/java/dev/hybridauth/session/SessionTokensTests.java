package dev.hybridauth.session;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTokensTests {

	@Test
	void newTokenWhenGeneratedTenThousandTimesThenAllDistinctAnd256Bits() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String token = SessionTokens.newToken();
			assertThat(java.util.Base64.getUrlDecoder().decode(token)).hasSize(32);
			tokens.add(token);
		}
		assertThat(tokens).hasSize(10_000);
	}

	@Test
	void isWellFormedTokenWhenShapeIsWrongThenFalse() {
		String token = SessionTokens.newToken();
		assertThat(SessionTokens.isWellFormedToken(token)).isTrue();
		assertThat(SessionTokens.isWellFormedToken(null)).isFalse();
		assertThat(SessionTokens.isWellFormedToken("")).isFalse();
		assertThat(SessionTokens.isWellFormedToken(token.substring(1))).isFalse();
		assertThat(SessionTokens.isWellFormedToken(token + "A")).isFalse();
		assertThat(SessionTokens.isWellFormedToken(token.substring(1) + "+")).isFalse();
		assertThat(SessionTokens.isWellFormedToken(token.substring(1) + "=")).isFalse();
		assertThat(SessionTokens.isWellFormedToken(token.substring(1) + "é")).isFalse();
		assertThat(SessionTokens.isWellFormedToken(token.substring(2) + "a.")).isFalse();
	}

	@Test
	void hashWhenSameTokenThenSameSha256Hex() {
		assertThat(SessionTokens.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

}
