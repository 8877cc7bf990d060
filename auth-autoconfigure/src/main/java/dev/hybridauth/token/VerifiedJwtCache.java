package dev.hybridauth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.hybridauth.SessionJwtClaims;

/**
 * A bounded cache of session JWTs that already passed full verification, keyed by the
 * SHA-256 of the token, each entry kept until the token's own expiry. A hit skips the
 * signature check and the parsing, never the checks that depend on the moment: the expiry
 * and the not-before time are checked again on every hit, and whatever the filter does
 * after verification (the live check of a sensitive route) runs as before. Only tokens
 * that verified are ever cached, so refused tokens cannot fill it.
 */
class VerifiedJwtCache {

	private final Cache<Key, SessionJwtClaims> cache;

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
	 * against the clock, so that a hit is never staler than a full verification.
	 * @param token the presented token
	 * @return the cached verification, if the token verified before and is still within
	 * its validity now
	 */
	SessionJwtClaims get(String token) {
		SessionJwtClaims verified = this.cache.getIfPresent(Key.of(token));
		if (verified == null) {
			return null;
		}
		Instant now = this.clock.instant();
		boolean current = verified.expiresAt().plus(this.clockSkew).isAfter(now)
				&& !verified.issuedAt().minus(this.clockSkew).isAfter(now);
		return current ? verified : null;
	}

	void put(String token, SessionJwtClaims verified) {
		this.cache.put(Key.of(token), verified);
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
	private final class UntilTokenExpiry implements Expiry<Key, SessionJwtClaims> {

		@Override
		public long expireAfterCreate(Key key, SessionJwtClaims value, long currentTime) {
			Duration remaining = Duration.between(VerifiedJwtCache.this.clock.instant(),
					value.expiresAt().plus(VerifiedJwtCache.this.clockSkew));
			return remaining.isNegative() ? 0 : remaining.toNanos();
		}

		@Override
		public long expireAfterUpdate(Key key, SessionJwtClaims value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(Key key, SessionJwtClaims value, long currentTime, long currentDuration) {
			return currentDuration;
		}

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
