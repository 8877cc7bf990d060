package dev.hybridauth.session;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The tables of hybrid-auth and the columns its code reads and writes, as the schema
 * scripts next to this class, the Flyway migrations and the Liquibase changelog create
 * them: what the {@link SchemaCheck} asks the database for.
 */
enum SchemaTable {

	SESSION("hybrid_auth_session", "session_id", "token_hash", "user_id", "authorities", "started_at",
			"last_accessed_at", "idle_expires_at", "absolute_expires_at", "authenticated_at", "revoked_at",
			"revocation_reason", "ip_address", "user_agent", "version"),

	SESSION_OWNER("hybrid_auth_session_owner", "user_id"),

	LOCK("hybrid_auth_lock", "name", "locked_until", "locked_by"),

	REVOCATION("hybrid_auth_revocation", "id", "kind", "subject", "user_id", "not_before", "created_at"),

	SIGNING_KEY("hybrid_auth_signing_key", "generation", "kid", "algorithm", "jwk", "created_at", "activates_at"),

	LOGIN_THROTTLE("hybrid_auth_login_throttle", "throttle_key", "failures", "blocked_until", "expires_at", "version");

	/**
	 * The tables of the database session store: the sessions, the rows its logins lock,
	 * the cleanup's lease and the revocation log it writes.
	 */
	static final Set<SchemaTable> SESSION_STORE = EnumSet.of(SESSION, SESSION_OWNER, LOCK, REVOCATION);

	private final String tableName;

	private final List<String> columns;

	SchemaTable(String tableName, String... columns) {
		this.tableName = tableName;
		this.columns = List.of(columns);
	}

	String tableName() {
		return this.tableName;
	}

	List<String> columns() {
		return this.columns;
	}

}
