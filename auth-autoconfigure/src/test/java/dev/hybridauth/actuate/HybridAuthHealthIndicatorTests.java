package dev.hybridauth.actuate;

import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.session.InMemorySessionStore;
import dev.hybridauth.token.SigningKey;
import dev.hybridauth.token.SigningKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HybridAuthHealthIndicator} without a feed: the key checks, which the
 * HTTP tests cannot break on a running application (the store and the feed are broken
 * there, in {@code AbstractActuatorTests}).
 */
class HybridAuthHealthIndicatorTests {

	private static final JWK PRIVATE_KEY = rsaKey();

	@Test
	void healthWhenAKeyCanSignThenUp() {
		Health health = new HybridAuthHealthIndicator(new InMemorySessionStore(),
				keys(SigningKey.of(PRIVATE_KEY, JwtAlgorithm.RS256)), null)
			.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("signingKey", "test-key")
			.containsEntry("revocationFeed", "disabled")
			.doesNotContainKey("reason");
	}

	@Test
	void healthWhenNoKeyIsActiveThenDownWithTheReason() {
		SigningKeys none = new Keys(null);

		Health health = new HybridAuthHealthIndicator(new InMemorySessionStore(), none, null).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "no signing key is active")
			.containsEntry("sessionStore", "UP");
	}

	@Test
	void healthWhenTheActiveKeyHasNoPrivatePartThenDownWithTheReason() {
		Health health = new HybridAuthHealthIndicator(new InMemorySessionStore(),
				keys(SigningKey.of(PRIVATE_KEY.toPublicJWK(), JwtAlgorithm.RS256)), null)
			.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "the signing key test-key has no private part");
	}

	private static SigningKeys keys(SigningKey key) {
		return new Keys(key);
	}

	private static JWK rsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Keys(SigningKey key) implements SigningKeys {

		@Override
		public SigningKey signingKey() {
			if (this.key == null) {
				throw new IllegalStateException("No session JWT signing key is active");
			}
			return this.key;
		}

		@Override
		public Optional<SigningKey> verificationKey(String keyId) {
			return Optional.ofNullable(this.key).filter((key) -> key.keyId().equals(keyId));
		}

		@Override
		public List<SigningKey> publishedKeys() {
			return (this.key != null) ? List.of(this.key) : List.of();
		}

	}

}
