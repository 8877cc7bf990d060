package dev.hybridauth.session;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract on {@link JpaSessionStore} and an in-memory H2 database of its own,
 * its tables created by the shipped Liquibase changelog (the schema script not run),
 * Hibernate validating them against the entity.
 */
class H2LiquibaseSessionStoreTests extends AbstractSessionStoreTests {

	private static JpaStoreDatabase database;

	@BeforeAll
	static void startDatabase() {
		String url = "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		DataSource dataSource = ShippedSchema.dataSource(url, "sa", "");
		ShippedSchema.liquibase(dataSource);
		database = JpaStoreDatabase.migrated(url, "sa", "");
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
	void tablesComeFromTheMigration() {
		assertThat(database.jdbc().queryForObject("select count(*) from databasechangelog", Integer.class))
			.isPositive();
		assertThat(database.sessionIndexNames()).contains("hybrid_auth_session_token_hash_uk",
				"hybrid_auth_session_user_id_idx", "hybrid_auth_session_idle_expires_at_idx",
				"hybrid_auth_session_revoked_at_idx");
	}

}
