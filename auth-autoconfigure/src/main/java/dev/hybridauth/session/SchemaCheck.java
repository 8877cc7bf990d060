package dev.hybridauth.session;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Checks at start-up, with one query, that the tables hybrid-auth is configured to use
 * exist with every column it reads and writes, so that a missing or outdated schema fails
 * the start-up with a {@link MissingSchemaException} naming what is missing, not with the
 * first statement that needs it. It counts as the last database initializer (see
 * {@link SchemaCheckDatabaseInitializerDetector}): it runs after the schema scripts,
 * Flyway and Liquibase, and before whatever depends on database initialization (the
 * signing keys, the stores, JPA).
 * <p>
 * Only when that query fails does it look further, one query per table, to tell a missing
 * table from missing columns. When the database cannot be reached, or the query fails
 * although nothing is missing, it logs a warning and leaves the matter to the components
 * that use the tables.
 */
class SchemaCheck implements InitializingBean {

	private static final Log logger = LogFactory.getLog(SchemaCheck.class);

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Set<SchemaTable> tables;

	private final DatabaseInitializationMode initializeSchema;

	/**
	 * Creates the check.
	 * @param dataSource the database
	 * @param tables the tables hybrid-auth uses there
	 * @param initializeSchema the {@code hybrid-auth.session.initialize-schema} in
	 * effect, for the report
	 */
	SchemaCheck(DataSource dataSource, Set<SchemaTable> tables, DatabaseInitializationMode initializeSchema) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.tables = Set.copyOf(tables);
		this.initializeSchema = initializeSchema;
	}

	Set<SchemaTable> tables() {
		return this.tables;
	}

	@Override
	public void afterPropertiesSet() {
		check();
	}

	/**
	 * Runs the check.
	 * @throws MissingSchemaException when a table or a column is missing
	 */
	void check() {
		if (this.tables.isEmpty()) {
			return;
		}
		try {
			this.jdbc.query(query(this.tables), (ResultSetExtractor<Void>) (result) -> null);
		}
		catch (DataAccessException ex) {
			MissingSchemaException missing = findMissing();
			if (missing != null) {
				throw missing;
			}
			logger.warn("hybrid-auth could not check its tables (" + ex.getMessage()
					+ "); the components that use them will tell");
		}
	}

	/**
	 * The query that reads every column of the given tables and no row.
	 * @param tables the tables
	 * @return the query
	 */
	static String query(Set<SchemaTable> tables) {
		List<String> columns = new ArrayList<>();
		List<String> from = new ArrayList<>();
		for (SchemaTable table : SchemaTable.values()) {
			if (tables.contains(table)) {
				String alias = "t" + from.size();
				from.add(table.tableName() + " " + alias);
				table.columns().forEach((column) -> columns.add(alias + "." + column));
			}
		}
		return "select " + String.join(", ", columns) + " from " + String.join(", ", from) + " where 1 = 0";
	}

	private MissingSchemaException findMissing() {
		Map<String, String> missingTables = new LinkedHashMap<>();
		Map<String, List<String>> missingColumns = new LinkedHashMap<>();
		try {
			for (SchemaTable table : SchemaTable.values()) {
				if (this.tables.contains(table)) {
					find(table, missingTables, missingColumns);
				}
			}
		}
		catch (DataAccessException ex) {
			// the database cannot tell
			return null;
		}
		if (missingTables.isEmpty() && missingColumns.isEmpty()) {
			return null;
		}
		return new MissingSchemaException(missingTables, missingColumns, platform(), this.initializeSchema);
	}

	private void find(SchemaTable table, Map<String, String> missingTables, Map<String, List<String>> missingColumns) {
		try {
			Set<String> present = this.jdbc.query("select * from " + table.tableName() + " where 1 = 0",
					SchemaCheck::columnNames);
			List<String> absent = table.columns().stream().filter((column) -> !present.contains(column)).toList();
			if (!absent.isEmpty()) {
				missingColumns.put(table.tableName(), absent);
			}
		}
		catch (BadSqlGrammarException ex) {
			missingTables.put(table.tableName(), firstLine(ex.getSQLException().getMessage()));
		}
	}

	private static Set<String> columnNames(ResultSet result) throws SQLException {
		ResultSetMetaData metaData = result.getMetaData();
		Set<String> names = new HashSet<>();
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			names.add(metaData.getColumnLabel(i).toLowerCase(Locale.ROOT));
		}
		return names;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no message";
		}
		int end = message.indexOf('\n');
		return ((end < 0) ? message : message.substring(0, end)).trim();
	}

	// the name of the database as the scripts use it (postgresql, h2), if it is known
	private String platform() {
		try {
			return new PlatformPlaceholderDatabaseDriverResolver().resolveAll(this.dataSource, "@@platform@@").get(0);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
