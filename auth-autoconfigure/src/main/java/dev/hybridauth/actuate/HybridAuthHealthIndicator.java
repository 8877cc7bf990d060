package dev.hybridauth.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.session.RevocationFeed;
import dev.hybridauth.session.SessionStore;
import dev.hybridauth.token.SigningKey;
import dev.hybridauth.token.SigningKeys;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code hybridAuth} health component: {@code UP} when the session store answers (one
 * read by primary key), a signing key is active and can sign, and the revocation feed is
 * current; {@code DOWN} when the store fails or no key can sign; {@code OUT_OF_SERVICE}
 * when only the feed is silent (revocations made on other nodes may not reach this one
 * within {@code hybrid-auth.revocation.max-delay}). The details say why, never with the
 * message of a database error (it may hold SQL).
 */
class HybridAuthHealthIndicator implements HealthIndicator {

	// no session has this id (session ids are hexadecimal): the read finds nothing, and
	// costs one index lookup
	private static final String PROBE_SESSION_ID = "hybridauth-health-probe";

	private final SessionStore store;

	private final SigningKeys signingKeys;

	private final RevocationFeed feed;

	HybridAuthHealthIndicator(SessionStore store, SigningKeys signingKeys, RevocationFeed feed) {
		this.store = store;
		this.signingKeys = signingKeys;
		this.feed = feed;
	}

	@Override
	public Health health() {
		List<String> down = new ArrayList<>();
		Health.Builder health = new Health.Builder();
		try {
			this.store.findById(PROBE_SESSION_ID);
			health.withDetail("sessionStore", "UP");
		}
		catch (RuntimeException ex) {
			health.withDetail("sessionStore", "DOWN");
			down.add("the session store does not answer (" + ex.getClass().getName() + ")");
		}
		try {
			SigningKey key = this.signingKeys.signingKey();
			health.withDetail("signingKey", key.keyId());
			if (!key.canSign()) {
				down.add("the signing key " + key.keyId() + " has no private part");
			}
		}
		catch (RuntimeException ex) {
			down.add("no signing key is active");
		}
		boolean silent = false;
		if (this.feed != null) {
			silent = this.feed.isSilent();
			health.withDetail("revocationFeed", silent ? "silent" : "current");
			if (this.feed.lastPollAt() != null) {
				health.withDetail("revocationFeedLastReadAt", this.feed.lastPollAt().toString());
			}
		}
		else {
			health.withDetail("revocationFeed", "disabled");
		}
		List<String> reasons = new ArrayList<>(down);
		if (silent) {
			reasons
				.add("the revocation feed is silent: revocations made on other nodes may not reach this one in time");
		}
		if (!reasons.isEmpty()) {
			health.withDetail("reason", String.join("; ", reasons));
		}
		Status status = !down.isEmpty() ? Status.DOWN : (silent ? Status.OUT_OF_SERVICE : Status.UP);
		return health.status(status).build();
	}

}
