package dev.hybridauth.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract on {@link JpaSessionStore} and the embedded PostgreSQL, with the
 * PostgreSQL schema script, in a schema of its own so that the other tests' sessions and
 * leases are neither seen nor touched.
 */
class PostgresJpaSessionStoreTests extends AbstractSessionStoreTests {

	private static JpaStoreDatabase database;

	@BeforeAll
	static void startDatabase() {
		database = JpaStoreDatabase.postgres("hybrid_auth_store_tests");
	}

	@AfterAll
	static void stopDatabase() {
		database.close();
	}

	@Override
	SessionStore store() {
		return database.store();
	}

	@Override
	void emptyStore() {
		database.deleteAll();
	}

	@Test
	void schemaScriptCreatesTheNamedIndexes() {
		assertThat(database.sessionIndexNames()).contains("hybrid_auth_session_token_hash_uk",
				"hybrid_auth_session_user_id_idx", "hybrid_auth_session_idle_expires_at_idx",
				"hybrid_auth_session_revoked_at_idx");
	}

}
