package dev.hybridauth.token;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signing keys that count the lookups of a verification key: a verification that makes
 * none was a cache hit.
 */
class CountingSigningKeys implements SigningKeys {

	private final AtomicInteger lookups = new AtomicInteger();

	private volatile SigningKeys delegate;

	CountingSigningKeys(SigningKeys delegate) {
		this.delegate = delegate;
	}

	/**
	 * Replaces the keys, as an application whose key source reloads would.
	 * @param delegate the new keys
	 */
	void replace(SigningKeys delegate) {
		this.delegate = delegate;
	}

	int lookups() {
		return this.lookups.get();
	}

	@Override
	public SigningKey signingKey() {
		return this.delegate.signingKey();
	}

	@Override
	public Optional<SigningKey> verificationKey(String keyId) {
		this.lookups.incrementAndGet();
		return this.delegate.verificationKey(keyId);
	}

	@Override
	public List<SigningKey> publishedKeys() {
		return this.delegate.publishedKeys();
	}

	@Override
	public Set<String> publishedKeyIds() {
		return this.delegate.publishedKeyIds();
	}

}
