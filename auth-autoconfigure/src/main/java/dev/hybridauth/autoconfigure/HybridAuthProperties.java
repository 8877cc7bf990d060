package dev.hybridauth.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.SessionLimitPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of hybrid-auth, under {@code hybrid-auth}.
 */
@ConfigurationProperties("hybrid-auth")
public class HybridAuthProperties {

	private final Endpoints endpoints = new Endpoints();

	private final Session session = new Session();

	private final Cookie cookie = new Cookie();

	private final Jwt jwt = new Jwt();

	private final Refresh refresh = new Refresh();

	private final Cleanup cleanup = new Cleanup();

	private final Login login = new Login();

	private final Revocation revocation = new Revocation();

	private final WarmUp warmUp = new WarmUp();

	/**
	 * Path patterns (such as /api/payments/**) that are sensitive like @SensitiveRoute:
	 * the session is checked live on every call, with the user's current authorities.
	 */
	private List<String> sensitivePaths = new ArrayList<>();

	public Cleanup getCleanup() {
		return this.cleanup;
	}

	public Login getLogin() {
		return this.login;
	}

	public Revocation getRevocation() {
		return this.revocation;
	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	public List<String> getSensitivePaths() {
		return this.sensitivePaths;
	}

	public void setSensitivePaths(List<String> sensitivePaths) {
		this.sensitivePaths = sensitivePaths;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	public Refresh getRefresh() {
		return this.refresh;
	}

	public Endpoints getEndpoints() {
		return this.endpoints;
	}

	public Session getSession() {
		return this.session;
	}

	public Cookie getCookie() {
		return this.cookie;
	}

	public static class WarmUp {

		/**
		 * Whether hybrid-auth runs its own request paths (a session JWT verified, the
		 * revocation view asked, a session looked up) a few thousand times once the
		 * application has started, before it reports ready: a few hundred milliseconds at
		 * start-up, so that the first requests find that code compiled.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Endpoints {

		/**
		 * Path under which the login, logout, refresh, session and CSRF endpoints are
		 * served.
		 */
		private String basePath = "/auth";

		/**
		 * Largest request body that the endpoints under the base path accept; a larger
		 * one answers 413 before it is read.
		 */
		private DataSize maxBodySize = DataSize.ofKilobytes(8);

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

	}

	public static class Session {

		/**
		 * How long a session lives without being used.
		 */
		private Duration idleTimeout = Duration.ofMinutes(30);

		/**
		 * How long a session lives however much it is used; a new login is needed after
		 * it.
		 */
		private Duration absoluteTimeout = Duration.ofHours(8);

		/**
		 * Smallest interval between two writes of a session's last access time, and
		 * between two reloads of its user (UserStateLoader) on the live paths; requests
		 * in between cost one read and no write.
		 */
		private Duration touchInterval = Duration.ofSeconds(60);

		/**
		 * Whether the login and reauthenticate responses carry the session token in their
		 * JSON body (for API clients); browsers get it only in the HttpOnly cookie either
		 * way.
		 */
		private boolean tokenInBody = true;

		/**
		 * When to create the session table: on an embedded database only, always, or
		 * never.
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		/**
		 * Most live sessions a user may have; 0 for no limit.
		 */
		private int maxPerUser = 0;

		/**
		 * What a login beyond max-per-user does: evict-oldest revokes the oldest
		 * sessions, refuse answers 403.
		 */
		private SessionLimitPolicy limitPolicy = SessionLimitPolicy.EVICT_OLDEST;

		/**
		 * Longest a statement of the database session store may run, lock waits included,
		 * before it is cancelled and the request answers 503; rounded up to whole
		 * seconds, 0 for no limit.
		 */
		private Duration statementTimeout = Duration.ofSeconds(5);

		public Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
		}

		public int getMaxPerUser() {
			return this.maxPerUser;
		}

		public void setMaxPerUser(int maxPerUser) {
			this.maxPerUser = maxPerUser;
		}

		public SessionLimitPolicy getLimitPolicy() {
			return this.limitPolicy;
		}

		public void setLimitPolicy(SessionLimitPolicy limitPolicy) {
			this.limitPolicy = limitPolicy;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getAbsoluteTimeout() {
			return this.absoluteTimeout;
		}

		public void setAbsoluteTimeout(Duration absoluteTimeout) {
			this.absoluteTimeout = absoluteTimeout;
		}

		public Duration getTouchInterval() {
			return this.touchInterval;
		}

		public void setTouchInterval(Duration touchInterval) {
			this.touchInterval = touchInterval;
		}

		public boolean isTokenInBody() {
			return this.tokenInBody;
		}

		public void setTokenInBody(boolean tokenInBody) {
			this.tokenInBody = tokenInBody;
		}

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

	public static class Cookie {

		/**
		 * Whether the cookies are Secure (and take the __Host- prefix); unset, they
		 * follow whether the request came over HTTPS.
		 */
		private Boolean secure;

		/**
		 * SameSite attribute of the cookies: Lax, Strict or None.
		 */
		private String sameSite = "Lax";

		public Boolean getSecure() {
			return this.secure;
		}

		public void setSecure(Boolean secure) {
			this.secure = secure;
		}

		public String getSameSite() {
			return this.sameSite;
		}

		public void setSameSite(String sameSite) {
			this.sameSite = sameSite;
		}

	}

	public static class Jwt {

		/**
		 * Lifetime of a session JWT, and the longest lifetime a presented token may
		 * claim.
		 */
		private Duration ttl = Duration.ofMinutes(5);

		/**
		 * Signature algorithm of new session JWTs: RS256, ES256 or EdDSA (EdDSA needs
		 * com.google.crypto.tink:tink).
		 */
		private JwtAlgorithm algorithm = JwtAlgorithm.RS256;

		/**
		 * Issuer (iss) of session JWTs; verification requires exactly this value.
		 */
		private String issuer = "hybrid-auth";

		/**
		 * Audience (aud) of session JWTs; verification requires it.
		 */
		private String audience = "hybrid-auth";

		/**
		 * Tolerance for clock differences when checking exp, nbf and iat.
		 */
		private Duration clockSkew = Duration.ofSeconds(30);

		/**
		 * How long each generated key signs before the next one takes over (keys
		 * generated into the database only).
		 */
		private Duration keyRotationInterval = Duration.ofDays(7);

		/**
		 * Keys from files (PEM or JWK set); when empty, keys are generated and kept in
		 * the database.
		 */
		private List<Key> keys = new ArrayList<>();

		/**
		 * Id (kid) of the configured key that signs; the others only verify. Defaults to
		 * the first key.
		 */
		private String signingKeyId;

		private final Cache cache = new Cache();

		public Cache getCache() {
			return this.cache;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public JwtAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(JwtAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

		public String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(String issuer) {
			this.issuer = issuer;
		}

		public String getAudience() {
			return this.audience;
		}

		public void setAudience(String audience) {
			this.audience = audience;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Duration getKeyRotationInterval() {
			return this.keyRotationInterval;
		}

		public void setKeyRotationInterval(Duration keyRotationInterval) {
			this.keyRotationInterval = keyRotationInterval;
		}

		public List<Key> getKeys() {
			return this.keys;
		}

		public void setKeys(List<Key> keys) {
			this.keys = keys;
		}

		public String getSigningKeyId() {
			return this.signingKeyId;
		}

		public void setSigningKeyId(String signingKeyId) {
			this.signingKeyId = signingKeyId;
		}

	}

	public static class Cache {

		/**
		 * Whether session JWTs that verified are cached (by their SHA-256) until they
		 * expire, so that the next request with the same token skips the signature check.
		 * Needs Caffeine on the classpath.
		 */
		private boolean enabled = true;

		/**
		 * Most tokens the verified-JWT cache keeps (a few hundred bytes each).
		 */
		private long maxSize = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

	}

	public static class Key {

		/**
		 * Key id (kid): the name of the PEM key, or the key to take from a JWK set file.
		 */
		private String kid;

		/**
		 * Location of the key file (PEM or JWK set), such as file:/etc/app/jwt.pem or
		 * classpath:jwt.json.
		 */
		private Resource location;

		/**
		 * Algorithm this key is used with; defaults to hybrid-auth.jwt.algorithm.
		 */
		private JwtAlgorithm algorithm;

		public String getKid() {
			return this.kid;
		}

		public void setKid(String kid) {
			this.kid = kid;
		}

		public Resource getLocation() {
			return this.location;
		}

		public void setLocation(Resource location) {
			this.location = location;
		}

		public JwtAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(JwtAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

	}

	public static class Refresh {

		/**
		 * Whether the refresh endpoint accepts a genuine session JWT, also one expired
		 * within the grace period, instead of the session token.
		 */
		private boolean acceptExpiredJwt = false;

		/**
		 * How long after its expiry a session JWT may still refresh its session, when
		 * accept-expired-jwt is on.
		 */
		private Duration expiredJwtGracePeriod = Duration.ofMinutes(30);

		/**
		 * How long the JWT of a refresh is handed out again to further refreshes of the
		 * same session on one node, instead of a new one; shorter than the JWT ttl, 0 for
		 * none. Defaults to 10 seconds, or a tenth of the JWT ttl or the session touch
		 * interval when shorter.
		 */
		private Duration reuseWindow;

		public boolean isAcceptExpiredJwt() {
			return this.acceptExpiredJwt;
		}

		public void setAcceptExpiredJwt(boolean acceptExpiredJwt) {
			this.acceptExpiredJwt = acceptExpiredJwt;
		}

		public Duration getExpiredJwtGracePeriod() {
			return this.expiredJwtGracePeriod;
		}

		public void setExpiredJwtGracePeriod(Duration expiredJwtGracePeriod) {
			this.expiredJwtGracePeriod = expiredJwtGracePeriod;
		}

		public Duration getReuseWindow() {
			return this.reuseWindow;
		}

		public void setReuseWindow(Duration reuseWindow) {
			this.reuseWindow = reuseWindow;
		}

	}

	public static class Revocation {

		/**
		 * Whether each node keeps a view of recent revocations and role changes, fed from
		 * the revocation log, that the JWT path consults. Off, a JWT issued before a
		 * logout or a role change is accepted until it expires.
		 */
		private boolean enabled = true;

		/**
		 * How often each node reads the revocation log for revocations and role changes
		 * made on other nodes: the backstop of the notifications, and the only way on
		 * databases other than PostgreSQL.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How long a revocation may take to reach every node. When a node has not read
		 * the revocation log for longer, its metrics and health say that its feed is
		 * silent; requests go on with the view it has.
		 */
		private Duration maxDelay = Duration.ofSeconds(2);

		/**
		 * Whether, on PostgreSQL, each node also listens for notifications of new log
		 * rows (LISTEN/NOTIFY) on a connection of its own, for delivery in milliseconds.
		 * Turn it off behind a pooler in transaction mode (PgBouncer), which cannot hold
		 * a LISTEN.
		 */
		private boolean listen = true;

		/**
		 * Most revocation log rows one read fetches.
		 */
		private int batchSize = 1000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public boolean isListen() {
			return this.listen;
		}

		public void setListen(boolean listen) {
			this.listen = listen;
		}

	}

	public static class Cleanup {

		/**
		 * Whether ended sessions, and revocation log rows no JWT can concern any more,
		 * are deleted on a schedule.
		 */
		private boolean enabled = true;

		/**
		 * How often the cleanup runs; with several nodes, one at a time does.
		 */
		private Duration interval = Duration.ofMinutes(15);

		/**
		 * How long revoked and expired sessions are kept (for audit and device history)
		 * before deletion.
		 */
		private Duration retention = Duration.ofDays(1);

		/**
		 * Most rows one delete statement removes.
		 */
		private int batchSize = 500;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	public static class Login {

		/**
		 * Most password checks (hashes) computed at once; further attempts wait up to
		 * check-wait, then answer 503. Defaults to twice the available processors.
		 */
		private Integer maxConcurrentChecks;

		/**
		 * How long an attempt waits for one of the max-concurrent-checks before it
		 * answers 503 with Retry-After.
		 */
		private Duration checkWait = Duration.ofSeconds(1);

		/**
		 * Local path (such as /home) to which a browser's HTML form login is redirected
		 * (303) after a successful login, with both cookies and no body; other clients
		 * get the token response.
		 */
		private String successUrl = "/";

		/**
		 * Local path (such as /login?error) to which a browser's HTML form login is
		 * redirected (303) when its username or password is wrong or missing; unset, it
		 * answers 401 as a problem.
		 */
		private String failureUrl;

		private final Throttle throttle = new Throttle();

		public Integer getMaxConcurrentChecks() {
			return this.maxConcurrentChecks;
		}

		public void setMaxConcurrentChecks(Integer maxConcurrentChecks) {
			this.maxConcurrentChecks = maxConcurrentChecks;
		}

		public Duration getCheckWait() {
			return this.checkWait;
		}

		public void setCheckWait(Duration checkWait) {
			this.checkWait = checkWait;
		}

		public String getSuccessUrl() {
			return this.successUrl;
		}

		public void setSuccessUrl(String successUrl) {
			this.successUrl = successUrl;
		}

		public String getFailureUrl() {
			return this.failureUrl;
		}

		public void setFailureUrl(String failureUrl) {
			this.failureUrl = failureUrl;
		}

		public Throttle getThrottle() {
			return this.throttle;
		}

	}

	public static class Throttle {

		/**
		 * Whether failed password checks are throttled (by hybrid-auth's own throttle; a
		 * LoginThrottle bean of the application's is used either way).
		 */
		private boolean enabled = true;

		/**
		 * Where the throttle keeps its counters: auto (the database when there is a
		 * DataSource, else memory), memory (this node only) or database (shared by every
		 * node).
		 */
		private Store store = Store.AUTO;

		/**
		 * Failures of one account from one client address before each further attempt
		 * waits out a back-off window.
		 */
		private int maxFailures = 5;

		/**
		 * First back-off window of an account and address pair; it doubles with each
		 * further failure.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest back-off window of an account and address pair.
		 */
		private Duration maxBackoff = Duration.ofMinutes(15);

		/**
		 * Failures of one account, from every address, within the window before its
		 * attempts answer 429 until the window ends.
		 */
		private int accountMaxFailures = 50;

		/**
		 * Failures from one client address, for every account, within the window before
		 * its attempts answer 429 until the window ends.
		 */
		private int addressMaxFailures = 100;

		/**
		 * Window of the account and address limits, and how long a pair's failures are
		 * remembered after its last failure or back-off.
		 */
		private Duration window = Duration.ofMinutes(15);

		/**
		 * Most keys (pairs, accounts, addresses) the in-memory store keeps; the least
		 * recently used is dropped first.
		 */
		private int maxEntries = 100_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public int getAccountMaxFailures() {
			return this.accountMaxFailures;
		}

		public void setAccountMaxFailures(int accountMaxFailures) {
			this.accountMaxFailures = accountMaxFailures;
		}

		public int getAddressMaxFailures() {
			return this.addressMaxFailures;
		}

		public void setAddressMaxFailures(int addressMaxFailures) {
			this.addressMaxFailures = addressMaxFailures;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		/**
		 * Where the login throttle keeps its counters.
		 */
		public enum Store {

			/** The database when the application has a DataSource, else memory. */
			AUTO,

			/** In memory, on this node only, bounded by max-entries. */
			MEMORY,

			/** In the hybrid_auth_login_throttle table, shared by every node. */
			DATABASE

		}

	}

}
