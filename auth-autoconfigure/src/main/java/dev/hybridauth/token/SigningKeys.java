package dev.hybridauth.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hybridauth.JwtAlgorithm;

/**
 * Where session JWT keys come from: exactly one key signs at a time; every key that may
 * still have valid tokens out verifies and is published in the JWKS.
 */
public interface SigningKeys {

	/**
	 * The key that new session JWTs are signed with; the issuer asks for it on every
	 * token.
	 * @return the one key that signs now
	 */
	SigningKey signingKey();

	/**
	 * Finds the key that verifies a token, by the {@code kid} of the token's header.
	 * @param keyId a {@code kid} from a token header
	 * @return the published key with that id, or empty; never fetched from anywhere else
	 */
	Optional<SigningKey> verificationKey(String keyId);

	/**
	 * The keys of the JWKS endpoint, where other services find what to verify session
	 * JWTs with.
	 * @return every published key: the signing key, the next one (published before it
	 * signs) and retired ones whose tokens may still be valid
	 */
	List<SigningKey> publishedKeys();

	/**
	 * The ids of the published keys, which the verified-token cache checks on every hit:
	 * a cached token whose key has left this set is verified again, and refused as an
	 * unknown {@code kid} would be. Implementations should return one immutable set that
	 * they replace only when their keys change (on a reload), so that the check costs a
	 * hash lookup; this default builds the set from {@link #publishedKeys()} on every
	 * call.
	 * @return the {@code kid} of every published key
	 */
	default Set<String> publishedKeyIds() {
		return publishedKeys().stream().map(SigningKey::keyId).collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * What each published key does now, for operators (the actuator endpoint shows it):
	 * never a key itself. This default knows which key signs and that the others are
	 * published, without dates; key sets that rotate by themselves say more.
	 * @return the state of every published key
	 */
	default List<KeyStatus> keyStatuses() {
		String signing = signingKey().keyId();
		return publishedKeys().stream()
			.map((key) -> new KeyStatus(key.keyId(), key.algorithm(),
					key.keyId().equals(signing) ? KeyState.ACTIVE : KeyState.PUBLISHED, null, null, null))
			.toList();
	}

	/**
	 * The state of one published key, without the key.
	 *
	 * @param keyId the key's {@code kid}
	 * @param algorithm the algorithm it signs and verifies
	 * @param state what it does now
	 * @param activatesAt when it signs (or signed) from, when known
	 * @param retiresAt when the next key takes over signing from it, when known
	 * @param publishedUntil when it leaves the JWKS (its last token has expired), when
	 * known
	 */
	record KeyStatus(String keyId, JwtAlgorithm algorithm, KeyState state, Instant activatesAt, Instant retiresAt,
			Instant publishedUntil) {

	}

	/**
	 * What a published key does now.
	 */
	enum KeyState {

		/** It signs new session JWTs, and verifies. */
		ACTIVE,

		/**
		 * It verifies and is published but does not sign: the next key, published before
		 * it signs, or a configured key that only verifies.
		 */
		PUBLISHED,

		/**
		 * It signed before the active key took over, and stays published until its last
		 * token has expired.
		 */
		RETIRED

	}

}
