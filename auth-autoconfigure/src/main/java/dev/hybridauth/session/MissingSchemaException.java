package dev.hybridauth.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Thrown at start-up when tables or columns that hybrid-auth uses are missing from the
 * database: the schema was never created there, or was created by an older version. The
 * {@link MissingSchemaFailureAnalyzer} turns it into the report of a failed start-up.
 */
class MissingSchemaException extends IllegalStateException {

	private final Map<String, String> missingTables;

	private final Map<String, List<String>> missingColumns;

	private final String platform;

	private final DatabaseInitializationMode initializeSchema;

	/**
	 * Creates the exception.
	 * @param missingTables each missing table, with what the database said about it
	 * @param missingColumns the missing columns of the tables that exist, by table
	 * @param platform the database's platform as the scripts are named
	 * ({@code postgresql}, {@code h2}), or {@code null} when it is not known
	 * @param initializeSchema the {@code hybrid-auth.session.initialize-schema} in effect
	 */
	MissingSchemaException(Map<String, String> missingTables, Map<String, List<String>> missingColumns, String platform,
			DatabaseInitializationMode initializeSchema) {
		super(message(missingTables, missingColumns));
		this.missingTables = Collections.unmodifiableMap(new LinkedHashMap<>(missingTables));
		this.missingColumns = Collections.unmodifiableMap(new LinkedHashMap<>(missingColumns));
		this.platform = platform;
		this.initializeSchema = initializeSchema;
	}

	private static String message(Map<String, String> missingTables, Map<String, List<String>> missingColumns) {
		StringBuilder message = new StringBuilder("hybrid-auth's tables are missing or outdated:");
		missingTables.forEach((table, reason) -> message.append(" table ")
			.append(table)
			.append(" is missing (the database says: ")
			.append(reason)
			.append(");"));
		missingColumns.forEach((table, columns) -> message.append(" table ")
			.append(table)
			.append(" has no column ")
			.append(String.join(", ", columns))
			.append(";"));
		message.setLength(message.length() - 1);
		return message.toString();
	}

	Map<String, String> getMissingTables() {
		return this.missingTables;
	}

	Map<String, List<String>> getMissingColumns() {
		return this.missingColumns;
	}

	String getPlatform() {
		return this.platform;
	}

	DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

}
