package dev.hybridauth.token;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * What session JWTs say about themselves and how strictly they are checked.
 *
 * @param issuer the exact {@code iss}
 * @param audience the {@code aud}
 * @param ttl the lifetime; also the longest lifetime a token may claim
 * @param clockSkew the tolerance for {@code exp}, {@code nbf} and {@code iat}
 */
record SessionJwtSettings(String issuer, String audience, Duration ttl, Duration clockSkew) {

	SessionJwtSettings {
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.hasText(audience, "audience cannot be empty");
		Assert.isTrue(ttl.compareTo(Duration.ofSeconds(1)) >= 0, "the JWT ttl must be at least one second");
		Assert.isTrue(!clockSkew.isNegative(), "the clock skew cannot be negative");
	}

}
