package dev.hybridauth.session;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthorityListTests {

	@Test
	void writeThenReadWhenAnyStringThenTheSameList() {
		List<String> authorities = List.of("ROLE_USER", "with space", "", "\"quoted\"", "back\\slash", "\u0001\u001f",
				"ÄÖÜ 😀", "[", "]", ",");

		String stored = AuthorityList.write(authorities);

		assertThat(stored).startsWith("[").endsWith("]");
		assertThat(AuthorityList.read(stored)).isEqualTo(authorities);
		assertThat(AuthorityList.read(AuthorityList.write(List.of()))).isEmpty();
	}

	@Test
	void readWhenWrittenByAnEarlierVersionThenSplitOnSpaces() {
		assertThat(AuthorityList.read("ROLE_USER ROLE_ADMIN")).containsExactly("ROLE_USER", "ROLE_ADMIN");
		assertThat(AuthorityList.read("ROLE_USER  ROLE_ADMIN")).as("a double space is no empty authority")
			.containsExactly("ROLE_USER", "ROLE_ADMIN");
		assertThat(AuthorityList.read("")).isEmpty();
	}

	@Test
	void readWhenJsonWithEscapesAndSpacesThenDecoded() {
		assertThat(AuthorityList.read("[ \"a\\u0041\" , \"\\/\\n\" ]")).containsExactly("aA", "/\n");
	}

	@Test
	void readWhenNotAnArrayOfStringsThenRefused() {
		for (String malformed : List.of("[", "[\"a\"", "[1]", "[\"a\",]", "[\"\\x\"]", "[\"\\u12\"]", "[\"a\"}")) {
			assertThatIllegalArgumentException().as(malformed).isThrownBy(() -> AuthorityList.read(malformed));
		}
	}

}
