package dev.hybridauth.web.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.web.SensitiveRouteRequirement;

/**
 * The step of the request path for sensitive routes: the session checked live (unless the
 * JWT is younger than the route's {@code maxTokenAge}, or the credential was a session
 * token, already checked live), with the user reloaded when its touch is due, its current
 * authorities in place of the JWT's, and the step-up rule. A JWT that does not say when
 * the user authenticated fails the step-up rule.
 */
final class SensitiveRouteCheck {

	private final HybridSessionService sessionService;

	private final HybridAuthMetrics metrics;

	private final Clock clock;

	SensitiveRouteCheck(HybridSessionService sessionService, HybridAuthMetrics metrics, Clock clock) {
		this.sessionService = sessionService;
		this.metrics = metrics;
		this.clock = clock;
	}

	Outcome check(HybridAuthentication authentication, SensitiveRouteRequirement requirement) {
		HybridAuthentication.Details details = authentication.getDetails();
		Instant now = this.clock.instant();
		HybridAuthentication checked = authentication;
		if (details.session() == null && !isYoungerThan(details.issuedAt(), requirement.maxTokenAge(), now)) {
			Optional<HybridSession> live = this.sessionService.checkLive(details.sessionId())
				.filter((session) -> session.userId().equals(authentication.getName()));
			this.metrics.liveCheck(live.isPresent());
			if (live.isEmpty()) {
				return new Outcome(null, null);
			}
			checked = authentication.withLiveSession(live.get());
		}
		Duration maxAuthenticationAge = requirement.maxAuthenticationAge();
		Instant authenticatedAt = checked.getDetails().authenticatedAt();
		if (maxAuthenticationAge != null
				&& (authenticatedAt == null || authenticatedAt.isBefore(now.minus(maxAuthenticationAge)))) {
			return new Outcome(checked, maxAuthenticationAge);
		}
		return new Outcome(checked, null);
	}

	private static boolean isYoungerThan(Instant issuedAt, Duration maxAge, Instant now) {
		return !maxAge.isZero() && issuedAt.isAfter(now.minus(maxAge));
	}

	/**
	 * What the check found: the authentication to go on with, or why the request stops.
	 *
	 * @param authentication the authentication to go on with, or {@code null} when the
	 * session is no longer live
	 * @param stepUpMaxAge set when the step-up rule failed: the route's largest
	 * authentication age
	 */
	record Outcome(HybridAuthentication authentication, Duration stepUpMaxAge) {

	}

}
