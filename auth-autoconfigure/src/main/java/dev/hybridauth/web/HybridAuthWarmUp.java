package dev.hybridauth.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtIssuer;
import dev.hybridauth.token.SessionJwtVerifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Runs hybrid-auth's own request paths once the application has started, before it
 * reports ready ({@code hybrid-auth.warm-up.enabled}): a session JWT verified from the
 * cache and in full, the revocation view asked, and sessions that do not exist looked up
 * by token and by id. A fresh JVM interprets that code until it has run it thousands of
 * times; the warm-up benchmark found the JWT path at 0.6 to 0.8 of the unauthenticated
 * path in its first 10 s, against 0.95 once warm. Each loop stops after its iterations or
 * its time budget, whichever comes first. Nothing is written, and nothing the warm-up
 * meets (no signing key active yet, a database that cannot be reached) fails the
 * start-up.
 */
class HybridAuthWarmUp implements ApplicationListener<ApplicationStartedEvent> {

	private static final Log logger = LogFactory.getLog(HybridAuthWarmUp.class);

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		ApplicationContext context = event.getApplicationContext();
		SessionJwtIssuer issuer = context.getBeanProvider(SessionJwtIssuer.class).getIfUnique();
		SessionJwtVerifier verifier = context.getBeanProvider(SessionJwtVerifier.class).getIfUnique();
		RevocationView revocations = context.getBeanProvider(RevocationView.class).getIfUnique();
		HybridSessionService sessions = context.getBeanProvider(HybridSessionService.class).getIfUnique();
		if (issuer != null && verifier != null && sessions != null) {
			warmUp(issuer, verifier, revocations, sessions);
		}
	}

	private static void warmUp(SessionJwtIssuer issuer, SessionJwtVerifier verifier, RevocationView revocations,
			HybridSessionService sessions) {
		long started = System.nanoTime();
		int runs = 0;
		Instant now = Instant.now();
		// the shapes of a session id and token, or the service refuses them unread
		HybridSession session = new HybridSession(randomBase64Url(16), "hybrid-auth-warm-up", List.of("ROLE_WARM_UP"),
				now, now, now.plusSeconds(60), now.plusSeconds(60), now, null, null);
		try {
			SessionJwt jwt = issuer.issue(session);
			runs += repeat(20_000, Duration.ofMillis(100), () -> {
				SessionJwtClaims claims = verifier.verify(jwt.token());
				if (revocations != null) {
					revocations.isRevoked(claims.sessionId(), claims.subject(), claims.issuedAt());
				}
			});
			runs += repeat(200, Duration.ofMillis(50), () -> verifier.verifyAllowingExpiry(jwt.token(), Duration.ZERO));
		}
		catch (InvalidSessionJwtException | RuntimeException ex) {
			// no key active yet, or a verifier of the application's that refuses the
			// warm-up's JWT: the warm-up never stops a start-up
			logger.debug("Warm-up: no session JWT to verify (" + ex.getClass().getName() + "); skipped");
		}
		try {
			runs += repeat(1_000, Duration.ofMillis(150), () -> sessions.authenticate(randomBase64Url(32)));
			runs += repeat(1_000, Duration.ofMillis(150), () -> sessions.checkLive(session.sessionId()));
		}
		catch (RuntimeException ex) {
			logger.info("Warm-up: the session store did not answer (" + ex.getClass().getName() + "); skipped");
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Warm-up: " + runs + " runs of hybrid-auth's request paths in "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
		}
	}

	private static String randomBase64Url(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static <E extends Exception> int repeat(int iterations, Duration budget, Run<E> run) throws E {
		long deadline = System.nanoTime() + budget.toNanos();
		int i = 0;
		while (i < iterations && System.nanoTime() < deadline) {
			run.run();
			i++;
		}
		return i;
	}

	@FunctionalInterface
	private interface Run<E extends Exception> {

		void run() throws E;

	}

}
