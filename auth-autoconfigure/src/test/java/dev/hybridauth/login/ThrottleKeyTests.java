package dev.hybridauth.login;

import java.util.List;

import dev.hybridauth.LoginLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThrottleKey}: what the throttle counts failures under.
 */
class ThrottleKeyTests {

	@Test
	void keysAreSha256HashesNeverTheUsernameOrTheAddress() {
		List<ThrottleKey> keys = ThrottleKey.of("alice@example.com", "203.0.113.7");

		assertThat(keys).extracting(ThrottleKey::limit)
			.containsExactly(LoginLimit.PAIR, LoginLimit.ACCOUNT, LoginLimit.ADDRESS);
		assertThat(keys).extracting(ThrottleKey::hex)
			.allSatisfy((hex) -> assertThat(hex).matches("[0-9a-f]{64}").doesNotContain("alice").doesNotContain("203"))
			.doesNotHaveDuplicates();
		assertThat(ThrottleKey.pair("alice@example.com", "203.0.113.7")).isEqualTo(keys.get(0));
	}

	@Test
	void usernamesThatDifferInCaseCompatibilityFormOrSurroundingSpaceAreOneAccount() {
		ThrottleKey account = ThrottleKey.of("alice", "192.0.2.1").get(1);

		assertThat(ThrottleKey.of("ALICE", "192.0.2.1").get(1)).isEqualTo(account);
		assertThat(ThrottleKey.of(" Alice\t", "192.0.2.1").get(1)).isEqualTo(account);
		// fullwidth letters, which NFKC folds to ASCII
		assertThat(ThrottleKey.of("\uFF41\uFF4C\uFF49\uFF43\uFF45", "192.0.2.1").get(1)).isEqualTo(account);
		assertThat(ThrottleKey.of("alicia", "192.0.2.1").get(1)).as("positive control").isNotEqualTo(account);
	}

	@Test
	void anIpv6ClientIsCountedByItsSlash64() {
		String network = ThrottleKey.client("2001:db8:1:2::1");

		assertThat(network).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(ThrottleKey.client("2001:db8:1:2:ffff:eeee:dddd:cccc")).isEqualTo(network);
		assertThat(ThrottleKey.client("[2001:db8:1:2::9%eth0]")).isEqualTo(network);
		assertThat(ThrottleKey.client("2001:db8:1:3::1")).as("another /64").isNotEqualTo(network);
		assertThat(ThrottleKey.client("::ffff:192.0.2.1")).as("IPv4-mapped").isEqualTo("192.0.2.1");
		assertThat(ThrottleKey.client("192.0.2.1")).isEqualTo("192.0.2.1");
	}

	@Test
	void anAddressThatIsNoLiteralIsCountedAsItIsAndNeverLookedUp() {
		assertThat(ThrottleKey.client("proxy.example.com:8080")).isEqualTo("proxy.example.com:8080");
		assertThat(ThrottleKey.client("dead:beef:cafe")).isEqualTo("dead:beef:cafe");
		assertThat(ThrottleKey.client(".:")).isEqualTo(".:");
		assertThat(ThrottleKey.client(null)).isEmpty();
	}

	@Test
	void theFirst128BitsOfTheHashKeyTheInMemoryStore() {
		ThrottleKey key = ThrottleKey.of("alice", "192.0.2.1").get(0);

		assertThat(String.format("%016x", key.high())).isEqualTo(key.hex().substring(0, 16));
		assertThat(String.format("%016x", key.low())).isEqualTo(key.hex().substring(16, 32));
	}

}
