package dev.hybridauth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.hybridauth.SessionJwtClaims;

/**
 * A bounded cache of session JWTs that already passed full verification, keyed by the
 * SHA-256 of the token, each entry kept until the token's own expiry. A hit skips the
 * signature check and the parsing, never the checks that depend on the moment or on the
 * key set: the expiry and the not-before time are checked again on every hit, so is
 * whether the key that signed the token is still published, and whatever the filter does
 * after verification (the live check of a sensitive route) runs as before. Only tokens
 * that verified are ever cached, so refused tokens cannot fill it.
 */
class VerifiedJwtCache {

	private final Cache<Key, Entry> cache;

	private final Clock clock;

	private final Duration clockSkew;

	/**
	 * Creates an empty cache, bounded in size, whose entries each expire with their
	 * token.
	 * @param maximumSize the most tokens kept; the least recently used go first
	 * @param clock the clock
	 * @param clockSkew the verification clock skew, that entries are kept for past their
	 * expiry
	 */
	VerifiedJwtCache(long maximumSize, Clock clock, Duration clockSkew) {
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new UntilTokenExpiry()).build();
	}

	/**
	 * Looks a token up and checks the cached claims' expiry and not-before time again
	 * against the clock, and the key that signed it against the published ones, so that a
	 * hit is never staler than a full verification. An entry whose key is no longer
	 * published is dropped.
	 * @param token the presented token
	 * @param publishedKeyIds the ids of the keys published now
	 * @return the cached verification, if the token verified before, is still within its
	 * validity now and its key is still published
	 */
	SessionJwtClaims get(String token, Set<String> publishedKeyIds) {
		Key key = Key.of(token);
		Entry entry = this.cache.getIfPresent(key);
		if (entry == null) {
			return null;
		}
		if (!publishedKeyIds.contains(entry.keyId())) {
			this.cache.invalidate(key);
			return null;
		}
		SessionJwtClaims verified = entry.claims();
		Instant now = this.clock.instant();
		boolean current = verified.expiresAt().plus(this.clockSkew).isAfter(now)
				&& !verified.issuedAt().minus(this.clockSkew).isAfter(now);
		return current ? verified : null;
	}

	/**
	 * Keeps a verification until the token expires.
	 * @param token the token that verified
	 * @param verified its claims
	 * @param keyId the {@code kid} of the key that verified it
	 */
	void put(String token, SessionJwtClaims verified, String keyId) {
		this.cache.put(Key.of(token), new Entry(verified, keyId));
	}

	/**
	 * Counts the cached tokens, running pending evictions first so that expired and
	 * evicted entries are not counted.
	 * @return the number of cached tokens, after pending evictions
	 */
	long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	/**
	 * Entries live until their token's expiry plus the clock skew, measured on the
	 * cache's own ticker.
	 */
	private final class UntilTokenExpiry implements Expiry<Key, Entry> {

		@Override
		public long expireAfterCreate(Key key, Entry value, long currentTime) {
			Duration remaining = Duration.between(VerifiedJwtCache.this.clock.instant(),
					value.claims().expiresAt().plus(VerifiedJwtCache.this.clockSkew));
			return remaining.isNegative() ? 0 : remaining.toNanos();
		}

		@Override
		public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

	/**
	 * A verification: the claims, and the key that verified them.
	 */
	private record Entry(SessionJwtClaims claims, String keyId) {

	}

	private record Key(byte[] hash) {

		/**
		 * One digest per thread: looking the algorithm up on every request shows in the
		 * load benchmark's profile.
		 */
		private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
			}
		});

		static Key of(String token) {
			return new Key(SHA_256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1)));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && MessageDigest.isEqual(this.hash, key.hash);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.hash);
		}

	}

}
