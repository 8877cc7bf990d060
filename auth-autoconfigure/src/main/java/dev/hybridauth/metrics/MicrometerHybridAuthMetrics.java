package dev.hybridauth.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.LoginLimit;
import dev.hybridauth.event.HybridSessionRefreshedEvent;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.event.HybridSessionStartedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

/**
 * Micrometer meters of hybrid-auth:
 * <ul>
 * <li>{@code hybrid_auth.authentications} tagged {@code method} ({@code jwt},
 * {@code session}) and {@code outcome} ({@code success}, {@code failure});</li>
 * <li>{@code hybrid_auth.live_checks} tagged {@code outcome};</li>
 * <li>{@code hybrid_auth.login.throttled} tagged {@code limit} ({@code pair},
 * {@code account}, {@code address}): password checks refused before their hash;</li>
 * <li>{@code hybrid_auth.sessions.started}, {@code hybrid_auth.refreshes} (each one a new
 * JWT), {@code hybrid_auth.refreshes.reused} (refreshes that handed out the JWT of a
 * recent one), and {@code hybrid_auth.revocations} tagged {@code reason};</li>
 * <li>the revocation feed: {@code hybrid_auth.revocation.polls} tagged {@code outcome},
 * {@code hybrid_auth.revocation.notifications}, and the gauges
 * {@code hybrid_auth.revocation.view.size}, {@code hybrid_auth.revocation.lag} (seconds
 * since the last read of the log), {@code hybrid_auth.revocation.listening} and
 * {@code hybrid_auth.revocation.silent} (1 or 0).</li>
 * </ul>
 */
class MicrometerHybridAuthMetrics implements HybridAuthMetrics {

	private final MeterRegistry registry;

	private final Counter jwtSuccess;

	private final Counter jwtFailure;

	private final Counter sessionSuccess;

	private final Counter sessionFailure;

	private final Counter liveCheckSuccess;

	private final Counter liveCheckFailure;

	private final Counter started;

	private final Counter refreshes;

	private final Counter reusedRefreshes;

	private final Map<LoginLimit, Counter> throttled = new EnumMap<>(LoginLimit.class);

	private final Counter pollSuccess;

	private final Counter pollFailure;

	private final Counter notifications;

	private final AtomicInteger revocationViewSize = new AtomicInteger();

	private final AtomicInteger listening = new AtomicInteger();

	private final AtomicInteger silent = new AtomicInteger();

	private volatile long lastPollNanos;

	private volatile boolean polled;

	MicrometerHybridAuthMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.pollSuccess = revocationPolls("success");
		this.pollFailure = revocationPolls("failure");
		Gauge.builder("hybrid_auth.revocation.view.size", this.revocationViewSize, AtomicInteger::get)
			.description("Entries in this node's revocation view")
			.register(registry);
		Gauge.builder("hybrid_auth.revocation.lag", this, MicrometerHybridAuthMetrics::revocationLagSeconds)
			.description("Seconds since this node last read the revocation log")
			.baseUnit("seconds")
			.register(registry);
		this.notifications = Counter.builder("hybrid_auth.revocation.notifications")
			.description("Notifications of new revocation log rows received")
			.register(registry);
		Gauge.builder("hybrid_auth.revocation.listening", this.listening, AtomicInteger::get)
			.description("1 while this node holds its connection for revocation notifications")
			.register(registry);
		Gauge.builder("hybrid_auth.revocation.silent", this.silent, AtomicInteger::get)
			.description("1 while this node has not read the revocation log for longer than the maximum delay")
			.register(registry);
		this.jwtSuccess = authentications("jwt", "success");
		this.jwtFailure = authentications("jwt", "failure");
		this.sessionSuccess = authentications("session", "success");
		this.sessionFailure = authentications("session", "failure");
		this.liveCheckSuccess = liveChecks("success");
		this.liveCheckFailure = liveChecks("failure");
		this.started = Counter.builder("hybrid_auth.sessions.started").register(registry);
		this.refreshes = Counter.builder("hybrid_auth.refreshes").register(registry);
		this.reusedRefreshes = Counter.builder("hybrid_auth.refreshes.reused")
			.description("Refreshes that handed out the JWT of a refresh of the same session within the reuse window")
			.register(registry);
		for (LoginLimit limit : LoginLimit.values()) {
			this.throttled.put(limit,
					Counter.builder("hybrid_auth.login.throttled")
						.tag("limit", limit.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
	}

	@Override
	public void refreshReused() {
		this.reusedRefreshes.increment();
	}

	@Override
	public void authentication(AuthenticationMethod method, boolean success) {
		if (method == AuthenticationMethod.JWT) {
			(success ? this.jwtSuccess : this.jwtFailure).increment();
		}
		else {
			(success ? this.sessionSuccess : this.sessionFailure).increment();
		}
	}

	@Override
	public void liveCheck(boolean success) {
		(success ? this.liveCheckSuccess : this.liveCheckFailure).increment();
	}

	@Override
	public void loginThrottled(LoginLimit limit) {
		this.throttled.get(limit).increment();
	}

	@Override
	public void revocationPoll(boolean success, int rowsRead, int viewSize) {
		this.revocationViewSize.set(viewSize);
		if (success) {
			this.lastPollNanos = System.nanoTime();
			this.polled = true;
			this.pollSuccess.increment();
		}
		else {
			this.pollFailure.increment();
		}
	}

	@Override
	public void revocationNotifications(int notifications) {
		this.notifications.increment(notifications);
	}

	@Override
	public void revocationFeedState(boolean listening, boolean silent) {
		this.listening.set(listening ? 1 : 0);
		this.silent.set(silent ? 1 : 0);
	}

	private double revocationLagSeconds() {
		return (this.polled) ? (System.nanoTime() - this.lastPollNanos) / 1e9 : Double.NaN;
	}

	private Counter revocationPolls(String outcome) {
		return Counter.builder("hybrid_auth.revocation.polls").tag("outcome", outcome).register(this.registry);
	}

	@EventListener
	void sessionStarted(HybridSessionStartedEvent event) {
		this.started.increment();
	}

	@EventListener
	void sessionRefreshed(HybridSessionRefreshedEvent event) {
		this.refreshes.increment();
	}

	@EventListener
	void sessionRevoked(HybridSessionRevokedEvent event) {
		this.registry.counter("hybrid_auth.revocations", "reason", event.reason().name().toLowerCase(Locale.ROOT))
			.increment();
	}

	private Counter authentications(String method, String outcome) {
		return Counter.builder("hybrid_auth.authentications")
			.tag("method", method)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private Counter liveChecks(String outcome) {
		return Counter.builder("hybrid_auth.live_checks").tag("outcome", outcome).register(this.registry);
	}

}
