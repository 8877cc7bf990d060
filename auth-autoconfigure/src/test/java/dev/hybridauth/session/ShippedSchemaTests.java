package dev.hybridauth.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.hybridauth.it.EmbeddedPostgres;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Flyway scripts and the Liquibase changelog in the jar create exactly what the
 * schema scripts create: the same tables, columns, types, constraints, indexes and, on
 * PostgreSQL, the revocation log's notification function and trigger. Each way runs on a
 * fresh database of its own (the embedded PostgreSQL, an in-memory H2) and the catalogs
 * are compared.
 */
class ShippedSchemaTests {

	private static final String APPLICATION_MIGRATIONS = "classpath:db/test-application";

	private static List<String> postgresScript;

	private static List<String> h2Script;

	@BeforeAll
	static void describeTheSchemaScripts() {
		DataSource postgres = freshPostgres();
		ShippedSchema.schemaScript(postgres);
		postgresScript = ShippedSchema.describePostgres(postgres);
		DataSource h2 = freshH2();
		ShippedSchema.schemaScript(h2);
		h2Script = ShippedSchema.describeH2(h2);
	}

	@Test
	void postgresSchemaScriptDescriptionHasEveryTableIndexAndTheTrigger() {
		assertThat(postgresScript.stream().filter((line) -> line.startsWith("column ")).map(ShippedSchemaTests::table))
			.containsOnly("hybrid_auth_session", "hybrid_auth_session_owner", "hybrid_auth_lock",
					"hybrid_auth_signing_key", "hybrid_auth_login_throttle", "hybrid_auth_revocation");
		assertThat(postgresScript).contains("column hybrid_auth_session.authorities text nullable NO identity NO",
				"column hybrid_auth_session.started_at timestamp with time zone precision 6 nullable NO identity NO",
				"column hybrid_auth_revocation.id bigint nullable NO identity YES BY DEFAULT",
				"constraint hybrid_auth_session hybrid_auth_session_pk PRIMARY KEY (session_id)",
				"index hybrid_auth_session_token_hash_uk: CREATE UNIQUE INDEX hybrid_auth_session_token_hash_uk "
						+ "ON public.hybrid_auth_session USING btree (token_hash)",
				"trigger hybrid_auth_revocation_notify AFTER INSERT on hybrid_auth_revocation for each STATEMENT "
						+ "EXECUTE FUNCTION hybrid_auth_revocation_notify()");
		// the 7 named indexes and those of the 6 primary keys
		assertThat(postgresScript).filteredOn((line) -> line.startsWith("index ")).hasSize(13);
		assertThat(postgresScript).filteredOn((line) -> line.startsWith("function "))
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("function hybrid_auth_revocation_notify returns trigger language plpgsql: ")
			.contains("perform pg_notify('hybrid_auth_revocation', '');");
	}

	@Test
	void postgresFlywayCreatesWhatTheSchemaScriptCreates() {
		DataSource database = freshPostgres();
		ShippedSchema.flyway(database, "postgresql");
		assertThat(ShippedSchema.describePostgres(database)).containsExactlyElementsOf(postgresScript);
	}

	@Test
	void postgresLiquibaseCreatesWhatTheSchemaScriptCreates() {
		DataSource database = freshPostgres();
		ShippedSchema.liquibase(database);
		assertThat(ShippedSchema.describePostgres(database)).containsExactlyElementsOf(postgresScript);
	}

	@Test
	void postgresComparisonSeesAColumnOfAnotherLength() {
		DataSource database = freshPostgres();
		ShippedSchema.schemaScript(database);
		new JdbcTemplate(database).execute("alter table hybrid_auth_session alter column user_agent type varchar(500)");
		List<String> altered = ShippedSchema.describePostgres(database);
		assertThat(altered)
			.doesNotContainAnyElementsOf(
					List.of("column hybrid_auth_session.user_agent character varying(512) nullable YES identity NO"))
			.contains("column hybrid_auth_session.user_agent character varying(500) nullable YES identity NO");
		assertThat(postgresScript)
			.contains("column hybrid_auth_session.user_agent character varying(512) nullable YES identity NO");
	}

	@Test
	void postgresFlywayWithBaselineOnMigrateTakesADatabaseWhoseTablesTheSchemaScriptCreated() {
		DataSource database = freshPostgres();
		ShippedSchema.schemaScript(database);
		ShippedSchema.flyway(database, "postgresql", (configuration) -> configuration.baselineOnMigrate(true));
		assertThat(ShippedSchema.describePostgres(database)).containsExactlyElementsOf(postgresScript);
	}

	@Test
	void postgresLiquibaseMarksAsRanWhatTheSchemaScriptCreatedAlready() {
		DataSource database = freshPostgres();
		ShippedSchema.schemaScript(database);
		ShippedSchema.liquibase(database);
		assertThat(ShippedSchema.describePostgres(database)).containsExactlyElementsOf(postgresScript);
		assertThat(new JdbcTemplate(database).queryForList("select exectype from databasechangelog", String.class))
			.hasSize(7)
			.containsOnly("MARK_RAN");
	}

	@Test
	void postgresLiquibaseRunsEveryChangeSetOnAnEmptyDatabase() {
		DataSource database = freshPostgres();
		ShippedSchema.liquibase(database);
		assertThat(new JdbcTemplate(database).queryForList("select exectype from databasechangelog", String.class))
			.hasSize(7)
			.containsOnly("EXECUTED");
	}

	@Test
	void postgresFlywayTriggerNotifiesListenersOfANewRevocation() throws SQLException {
		DataSource database = freshPostgres();
		ShippedSchema.flyway(database, "postgresql");
		assertNotifiesListeners(database);
	}

	@Test
	void postgresLiquibaseTriggerNotifiesListenersOfANewRevocation() throws SQLException {
		DataSource database = freshPostgres();
		ShippedSchema.liquibase(database);
		assertNotifiesListeners(database);
	}

	@Test
	void h2SchemaScriptDescriptionHasEveryTableAndIndex() {
		assertThat(h2Script).contains(
				"column HYBRID_AUTH_SESSION.AUTHORITIES CHARACTER VARYING(1000000000) nullable NO identity NO",
				"column HYBRID_AUTH_REVOCATION.ID BIGINT nullable NO identity YES BY DEFAULT",
				"constraint HYBRID_AUTH_SESSION HYBRID_AUTH_SESSION_PK PRIMARY KEY (SESSION_ID)",
				"index HYBRID_AUTH_SESSION_TOKEN_HASH_UK UNIQUE INDEX on HYBRID_AUTH_SESSION (TOKEN_HASH)");
		assertThat(h2Script).filteredOn((line) -> line.startsWith("index ")).hasSize(7);
		assertThat(h2Script).filteredOn((line) -> line.startsWith("constraint ")).hasSize(6);
	}

	@Test
	void h2FlywayCreatesWhatTheSchemaScriptCreates() {
		DataSource database = freshH2();
		ShippedSchema.flyway(database, "h2");
		assertThat(ShippedSchema.describeH2(database)).containsExactlyElementsOf(h2Script);
	}

	@Test
	void h2LiquibaseCreatesWhatTheSchemaScriptCreates() {
		DataSource database = freshH2();
		ShippedSchema.liquibase(database);
		assertThat(ShippedSchema.describeH2(database)).containsExactlyElementsOf(h2Script);
	}

	@Test
	void h2LiquibaseMarksAsRanWhatTheSchemaScriptCreatedAlready() {
		DataSource database = freshH2();
		ShippedSchema.schemaScript(database);
		ShippedSchema.liquibase(database);
		assertThat(ShippedSchema.describeH2(database)).containsExactlyElementsOf(h2Script);
		// the PostgreSQL trigger's change set is not for H2
		assertThat(new JdbcTemplate(database).queryForList("select exectype from databasechangelog", String.class))
			.hasSize(6)
			.containsOnly("MARK_RAN");
	}

	@Test
	void flywayRunsBesideTheApplicationsOwnMigrationsWithoutAVersionCollision() {
		DataSource database = freshH2();
		MigrateResult result = Flyway.configure()
			.dataSource(database)
			.locations(APPLICATION_MIGRATIONS, "classpath:db/hybrid-auth/flyway/h2")
			.load()
			.migrate();
		assertThat(result.migrations).extracting((migration) -> migration.version).containsExactly("1", "1.0.0.1", "2");
		assertThat(ShippedSchema.describeH2(database)).containsExactlyElementsOf(h2Script);
	}

	@Test
	void flywayAppliesTheMigrationToADatabasePastVersionOneOnlyOutOfOrder() {
		DataSource database = freshH2();
		Flyway.configure().dataSource(database).locations(APPLICATION_MIGRATIONS).load().migrate();
		FluentConfiguration both = Flyway.configure()
			.dataSource(database)
			.locations(APPLICATION_MIGRATIONS, "classpath:db/hybrid-auth/flyway/h2");
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> both.load().migrate())
			.withMessageContaining("Detected resolved migration not applied to database: 1.0.0.1");
		assertThat(ShippedSchema.describeH2(database)).isEmpty();
		MigrateResult result = both.outOfOrder(true).load().migrate();
		assertThat(result.migrations).extracting((migration) -> migration.version).containsExactly("1.0.0.1");
		assertThat(ShippedSchema.describeH2(database)).containsExactlyElementsOf(h2Script);
	}

	private static void assertNotifiesListeners(DataSource database) throws SQLException {
		try (Connection listener = database.getConnection(); Statement listen = listener.createStatement()) {
			listen.execute("listen hybrid_auth_revocation");
			PGConnection notifications = listener.unwrap(PGConnection.class);
			assertThat(notifications.getNotifications(200)).isEmpty();
			new JdbcTemplate(database).update("insert into hybrid_auth_revocation "
					+ "(kind, subject, user_id, not_before, created_at) values ('USER', 'bob', 'bob', now(), now())");
			PGNotification[] received = notifications.getNotifications(5000);
			assertThat(received).singleElement().satisfies((notification) -> {
				assertThat(notification.getName()).isEqualTo("hybrid_auth_revocation");
				assertThat(notification.getParameter()).isEmpty();
			});
		}
	}

	private static String table(String columnLine) {
		String qualified = columnLine.split(" ")[1];
		return qualified.substring(0, qualified.indexOf('.'));
	}

	static DataSource freshPostgres() {
		String url = EmbeddedPostgres.createDatabase("shipped_" + UUID.randomUUID().toString().replace("-", ""));
		return ShippedSchema.dataSource(url, "postgres", "postgres");
	}

	static DataSource freshH2() {
		return ShippedSchema.dataSource("jdbc:h2:mem:shipped-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}
