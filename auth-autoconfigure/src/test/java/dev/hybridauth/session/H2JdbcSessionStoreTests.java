package dev.hybridauth.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on {@link JdbcSessionStore} and an in-memory H2 database of its own,
 * with the H2 schema script.
 */
class H2JdbcSessionStoreTests extends AbstractSessionStoreTests {

	private static JdbcStoreDatabase database;

	@BeforeAll
	static void startDatabase() {
		database = JdbcStoreDatabase.h2();
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

}
