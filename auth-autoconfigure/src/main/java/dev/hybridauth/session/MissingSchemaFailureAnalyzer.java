package dev.hybridauth.session;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Reports a {@link MissingSchemaException}: which tables and columns are missing, and how
 * to create them (the schema script at start-up, or the Flyway migrations or Liquibase
 * changelog in the jar).
 */
class MissingSchemaFailureAnalyzer extends AbstractFailureAnalyzer<MissingSchemaException> {

	private static final List<String> SHIPPED_PLATFORMS = List.of("postgresql", "h2");

	private static final String FLYWAY_LOCATION = "classpath:db/hybrid-auth/flyway/{vendor}";

	private static final String LIQUIBASE_CHANGELOG = "db/hybrid-auth/liquibase/db.changelog-hybrid-auth.yaml";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSchemaException cause) {
		return new FailureAnalysis(description(cause), action(cause), cause);
	}

	private static String description(MissingSchemaException cause) {
		StringBuilder description = new StringBuilder("hybrid-auth's tables are missing or outdated in the database");
		if (cause.getPlatform() != null) {
			description.append(" (").append(cause.getPlatform()).append(")");
		}
		description.append(":\n\n");
		cause.getMissingTables()
			.forEach((table, reason) -> description.append("    - table ")
				.append(table)
				.append(" is missing (the database says: ")
				.append(reason)
				.append(")\n"));
		cause.getMissingColumns()
			.forEach((table, columns) -> description.append("    - table ")
				.append(table)
				.append(" has no column ")
				.append(String.join(", ", columns))
				.append("\n"));
		description.append("\nhybrid-auth.session.initialize-schema is ")
			.append(cause.getInitializeSchema().name().toLowerCase(Locale.ROOT))
			.append(": ")
			.append(initializeSchema(cause.getInitializeSchema()));
		return description.toString();
	}

	private static String initializeSchema(DatabaseInitializationMode mode) {
		return switch (mode) {
			case EMBEDDED ->
				"hybrid-auth creates its tables at start-up on embedded databases (an in-memory H2 or HSQLDB, Derby) only.";
			case NEVER -> "hybrid-auth does not create its tables; the application's migrations must.";
			case ALWAYS -> "hybrid-auth ran its schema script, which creates the tables that do not exist but leaves "
					+ "existing ones as they are.";
		};
	}

	private static String action(MissingSchemaException cause) {
		String platform = cause.getPlatform();
		boolean shipped = SHIPPED_PLATFORMS.contains(platform);
		String script = "dev/hybridauth/session/schema-" + (shipped ? platform : "postgresql") + ".sql";
		StringBuilder action = new StringBuilder();
		if (!cause.getMissingTables().isEmpty()) {
			action.append("Create hybrid-auth's tables in one of these ways (docs/operations.md, \"Production: "
					+ "Flyway or Liquibase\"):\n\n");
			action.append("    - Flyway: add ").append(FLYWAY_LOCATION).append(" to spring.flyway.locations");
			if (shipped) {
				action.append(" (it holds db/hybrid-auth/flyway/")
					.append(platform)
					.append("/V1_0_0_1__hybrid_auth.sql)");
			}
			action.append(" and set hybrid-auth.session.initialize-schema=never;\n");
			action.append("    - Liquibase: include ")
				.append(LIQUIBASE_CHANGELOG)
				.append(" from your master changelog and set hybrid-auth.session.initialize-schema=never;\n");
			action.append("    - or have hybrid-auth run its schema script (")
				.append(script)
				.append(" in its jar) at every start: set hybrid-auth.session.initialize-schema=always (the database "
						+ "user must be allowed to create tables).\n");
			if (cause.getMissingTables().containsKey(SchemaTable.LOGIN_THROTTLE.tableName())) {
				action.append("\nTo start without ")
					.append(SchemaTable.LOGIN_THROTTLE.tableName())
					.append(", keep the login throttle in memory: hybrid-auth.login.throttle.store=memory.\n");
			}
		}
		if (!cause.getMissingColumns().isEmpty()) {
			if (!action.isEmpty()) {
				action.append("\n");
			}
			action.append(
					"Bring the existing tables up to date: apply the migrations of this hybrid-auth version (Flyway: ")
				.append(FLYWAY_LOCATION)
				.append("; Liquibase: ")
				.append(LIQUIBASE_CHANGELOG)
				.append("), or, if your own migrations copied an earlier script, add the missing columns in a new "
						+ "migration as ")
				.append(script)
				.append(" in the jar defines them (docs/operations.md, \"Upgrading\"). "
						+ "hybrid-auth.session.initialize-schema=always does not change existing tables.\n");
		}
		if (!shipped) {
			action.append("\nhybrid-auth ships its scripts for PostgreSQL and H2: on another database, adapt ")
				.append(script)
				.append(".\n");
		}
		return action.toString().stripTrailing();
	}

}
