package dev.hybridauth.token;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

/**
 * Keys from the application's configuration (PEM or JWK set files): the production
 * choice. One of them signs; the others only verify and are published, which is how an
 * operator rotates by hand: publish the new key, wait one JWT lifetime, make it the
 * signing key, and remove the old one after another lifetime.
 */
class ConfiguredSigningKeys implements SigningKeys {

	private final SigningKey signingKey;

	private final Map<String, SigningKey> keys;

	private final List<SigningKey> published;

	/**
	 * Creates the key set: every key verifies and is published, the chosen one also
	 * signs. Repeated key ids, an unknown signing key id and a signing key without its
	 * private part are refused.
	 * @param keys the configured keys, each with a unique id
	 * @param signingKeyId the id of the key that signs, or {@code null} for the first one
	 */
	ConfiguredSigningKeys(List<SigningKey> keys, String signingKeyId) {
		Assert.notEmpty(keys, "keys cannot be empty");
		this.published = List.copyOf(keys);
		this.keys = keys.stream().collect(Collectors.toUnmodifiableMap(SigningKey::keyId, Function.identity()));
		Assert.isTrue(this.keys.size() == keys.size(), "Session JWT key ids must be unique");
		this.signingKey = (signingKeyId != null) ? this.keys.get(signingKeyId) : keys.get(0);
		Assert.notNull(this.signingKey, () -> "No configured session JWT key has the id '" + signingKeyId + "'");
		Assert.isTrue(this.signingKey.canSign(),
				() -> "The signing key '" + this.signingKey.keyId() + "' has no private part");
	}

	@Override
	public SigningKey signingKey() {
		return this.signingKey;
	}

	@Override
	public Optional<SigningKey> verificationKey(String keyId) {
		return Optional.ofNullable(this.keys.get(keyId));
	}

	@Override
	public List<SigningKey> publishedKeys() {
		return this.published;
	}

	@Override
	public Set<String> publishedKeyIds() {
		return this.keys.keySet();
	}

}
