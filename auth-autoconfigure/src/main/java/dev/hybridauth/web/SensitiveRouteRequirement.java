package dev.hybridauth.web;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * What a sensitive route demands, as
 * {@link dev.hybridauth.SensitiveRoute @SensitiveRoute} declares it.
 *
 * @param maxTokenAge a JWT younger than this skips the live check; zero means always live
 * @param maxAuthenticationAge how recent the user's last authentication must be, or
 * {@code null} for no limit
 */
public record SensitiveRouteRequirement(Duration maxTokenAge, Duration maxAuthenticationAge) {

	/** The session checked live on every request, with no step-up rule. */
	public static final SensitiveRouteRequirement ALWAYS_LIVE = new SensitiveRouteRequirement(Duration.ZERO, null);

	public SensitiveRouteRequirement {
		Assert.isTrue(maxTokenAge != null && !maxTokenAge.isNegative(), "maxTokenAge must be zero or positive");
		Assert.isTrue(maxAuthenticationAge == null || !maxAuthenticationAge.isNegative(),
				"maxAuthenticationAge cannot be negative");
	}

}
