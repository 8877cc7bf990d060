package dev.hybridauth.web.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.StartedSession;

import org.springframework.security.core.Authentication;

/**
 * A {@link HybridSessionService} over two maps, that records the calls the request path
 * makes (the live checks and the refresh) and can play a session store outage. The rest
 * of the service is not on the request path.
 */
class RecordingSessionService implements HybridSessionService {

	/** The JWT that a refresh issues. */
	static final String REFRESHED_JWT = "refreshed.session.jwt";

	private final Instant now;

	private final Map<String, HybridSession> byToken = new HashMap<>();

	private final Map<String, HybridSession> byId = new HashMap<>();

	private final List<String> calls = new ArrayList<>();

	private RuntimeException outage;

	RecordingSessionService(Instant now) {
		this.now = now;
	}

	/**
	 * @param token a session token
	 * @param session its live session, found by the token and by its id
	 */
	void givenLive(String token, HybridSession session) {
		this.byToken.put(token, session);
		this.byId.put(session.sessionId(), session);
	}

	/**
	 * @param session a session found live by its id
	 */
	void givenLive(HybridSession session) {
		this.byId.put(session.sessionId(), session);
	}

	/**
	 * @param outage what every live method throws from now on, as a session store that is
	 * down does
	 */
	void failWith(RuntimeException outage) {
		this.outage = outage;
	}

	/**
	 * @return the calls so far, such as {@code "authenticate(token)"}, in order
	 */
	List<String> calls() {
		return List.copyOf(this.calls);
	}

	@Override
	public Optional<HybridSession> authenticate(String sessionToken) {
		record("authenticate(" + sessionToken + ")");
		return Optional.ofNullable(this.byToken.get(sessionToken));
	}

	@Override
	public Optional<RefreshedSession> refresh(String sessionToken) {
		record("refresh(" + sessionToken + ")");
		return Optional.ofNullable(this.byToken.get(sessionToken))
			.map((session) -> new RefreshedSession(session,
					new SessionJwt(REFRESHED_JWT, this.now, this.now.plus(Duration.ofMinutes(5)))));
	}

	@Override
	public Optional<RefreshedSession> refresh(String sessionToken, Consumer<RefreshedSession> delivery) {
		Optional<RefreshedSession> refreshed = refresh(sessionToken);
		refreshed.ifPresent(delivery);
		return refreshed;
	}

	@Override
	public Optional<RefreshedSession> refresh(HybridSession session, Consumer<RefreshedSession> delivery) {
		Optional<RefreshedSession> refreshed = refresh(session);
		refreshed.ifPresent(delivery);
		return refreshed;
	}

	@Override
	public Optional<HybridSession> checkLive(String sessionId) {
		record("checkLive(" + sessionId + ")");
		return Optional.ofNullable(this.byId.get(sessionId));
	}

	@Override
	public Optional<HybridSession> findLive(String sessionId) {
		record("findLive(" + sessionId + ")");
		return Optional.ofNullable(this.byId.get(sessionId));
	}

	private void record(String call) {
		this.calls.add(call);
		if (this.outage != null) {
			throw this.outage;
		}
	}

	@Override
	public StartedSession start(Authentication authentication, ClientInfo client) {
		throw notOnTheRequestPath();
	}

	@Override
	public Optional<RefreshedSession> refresh(HybridSession session) {
		throw notOnTheRequestPath();
	}

	@Override
	public boolean revoke(String sessionId, RevocationReason reason) {
		throw notOnTheRequestPath();
	}

	@Override
	public boolean revokeByToken(String sessionToken, RevocationReason reason) {
		throw notOnTheRequestPath();
	}

	@Override
	public Optional<StartedSession> reauthenticate(HybridSession session, Authentication authentication) {
		throw notOnTheRequestPath();
	}

	@Override
	public List<HybridSession> findLiveSessions(String userId) {
		throw notOnTheRequestPath();
	}

	@Override
	public int updateAuthorities(String userId, Collection<String> authorities) {
		throw notOnTheRequestPath();
	}

	@Override
	public int revokeOthers(String userId, String keptSessionId, RevocationReason reason) {
		throw notOnTheRequestPath();
	}

	@Override
	public int revokeAll(String userId, RevocationReason reason) {
		throw notOnTheRequestPath();
	}

	private static UnsupportedOperationException notOnTheRequestPath() {
		return new UnsupportedOperationException("not on the request path");
	}

}
