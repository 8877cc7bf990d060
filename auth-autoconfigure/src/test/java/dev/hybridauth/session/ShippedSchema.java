package dev.hybridauth.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ways the jar creates hybrid-auth's tables, each applied the way an
 * application applies it, and a description of the tables they leave, read from the
 * database's catalog, to compare them.
 */
final class ShippedSchema {

	/**
	 * The master changelog of a test application, which includes the shipped one as a
	 * user is told to.
	 */
	static final String LIQUIBASE_MASTER = "classpath:db/changelog/hybrid-auth-tests-master.yaml";

	private ShippedSchema() {
	}

	static DataSource dataSource(String url, String username, String password) {
		return new DriverManagerDataSource(url, username, password);
	}

	/**
	 * Runs {@code schema-<platform>.sql} through {@link SessionSchemaInitializer}, as the
	 * starter does on an embedded database.
	 * @param dataSource the database
	 */
	static void schemaScript(DataSource dataSource) {
		assertThat(new SessionSchemaInitializer(dataSource, DatabaseInitializationMode.ALWAYS).initializeDatabase())
			.isTrue();
	}

	/**
	 * Migrates with Flyway from {@code db/hybrid-auth/flyway/<vendor>}.
	 * @param dataSource the database
	 * @param vendor {@code postgresql} or {@code h2}, as Spring Boot's {@code {vendor}}
	 */
	static void flyway(DataSource dataSource, String vendor) {
		flyway(dataSource, vendor, UnaryOperator.identity());
	}

	/**
	 * Migrates with Flyway from {@code db/hybrid-auth/flyway/<vendor>}.
	 * @param dataSource the database
	 * @param vendor {@code postgresql} or {@code h2}, as Spring Boot's {@code {vendor}}
	 * @param customizer more configuration
	 */
	static void flyway(DataSource dataSource, String vendor, UnaryOperator<FluentConfiguration> customizer) {
		MigrateResult result = customizer
			.apply(Flyway.configure().dataSource(dataSource).locations("classpath:db/hybrid-auth/flyway/" + vendor))
			.load()
			.migrate();
		assertThat(result.migrationsExecuted).isEqualTo(1);
	}

	/**
	 * Updates with Liquibase from a master changelog that includes the shipped one, as
	 * Spring Boot's Liquibase auto-configuration runs it.
	 * @param dataSource the database
	 */
	static void liquibase(DataSource dataSource) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(dataSource);
		liquibase.setChangeLog(LIQUIBASE_MASTER);
		liquibase.setResourceLoader(new DefaultResourceLoader());
		try {
			liquibase.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Liquibase update failed", ex);
		}
		assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from databasechangelog", Integer.class))
			.isPositive();
	}

	/**
	 * One line per column, constraint, index, trigger and function of hybrid-auth's
	 * tables on PostgreSQL (the {@code public} schema), sorted; nothing of the migration
	 * tools' own tables.
	 * @param dataSource the database
	 * @return the description
	 */
	static List<String> describePostgres(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<String> lines = new ArrayList<>();
		lines.addAll(jdbc.queryForList("""
				select 'column ' || table_name || '.' || column_name || ' ' || data_type
				    || coalesce('(' || character_maximum_length || ')', '')
				    || coalesce(' precision ' || datetime_precision, '')
				    || ' nullable ' || is_nullable || ' identity ' || is_identity
				    || coalesce(' ' || identity_generation, '') || coalesce(' default ' || column_default, '')
				from information_schema.columns
				where table_schema = 'public' and table_name like 'hybrid\\_auth\\_%'
				""", String.class));
		lines.addAll(jdbc.queryForList("""
				select 'constraint ' || tc.table_name || ' ' || tc.constraint_name || ' ' || tc.constraint_type
				    || ' (' || string_agg(k.column_name, ', ' order by k.ordinal_position) || ')'
				from information_schema.table_constraints tc
				join information_schema.key_column_usage k
				    on k.constraint_schema = tc.constraint_schema and k.constraint_name = tc.constraint_name
				where tc.table_schema = 'public' and tc.table_name like 'hybrid\\_auth\\_%'
				group by tc.table_name, tc.constraint_name, tc.constraint_type
				""", String.class));
		lines.addAll(jdbc.queryForList("""
				select 'index ' || indexname || ': ' || indexdef from pg_indexes
				where schemaname = 'public' and tablename like 'hybrid\\_auth\\_%'
				""", String.class));
		lines.addAll(jdbc.queryForList("""
				select 'trigger ' || trigger_name || ' ' || action_timing || ' ' || event_manipulation || ' on '
				    || event_object_table || ' for each ' || action_orientation || ' ' || action_statement
				from information_schema.triggers where trigger_schema = 'public'
				""", String.class));
		lines.addAll(jdbc.queryForList("""
				select 'function ' || p.proname || ' returns ' || pg_get_function_result(p.oid)
				    || ' language ' || l.lanname || ': ' || p.prosrc
				from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
				where n.nspname = 'public'
				""", String.class));
		lines.sort(null);
		return lines;
	}

	/**
	 * One line per column, constraint and named index of hybrid-auth's tables on H2,
	 * sorted; nothing of the migration tools' own tables, and not the indexes that H2
	 * names itself (those of the primary keys, numbered in order of creation).
	 * @param dataSource the database
	 * @return the description
	 */
	static List<String> describeH2(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<String> lines = new ArrayList<>();
		lines.addAll(jdbc.queryForList("""
				select 'column ' || table_name || '.' || column_name || ' ' || data_type
				    || coalesce('(' || character_maximum_length || ')', '')
				    || coalesce(' precision ' || datetime_precision, '')
				    || ' nullable ' || is_nullable || ' identity ' || is_identity
				    || coalesce(' ' || identity_generation, '') || coalesce(' default ' || column_default, '')
				from information_schema.columns
				where table_schema = 'PUBLIC' and lower(table_name) like 'hybrid\\_auth\\_%'
				""", String.class));
		lines.addAll(jdbc.queryForList("""
				select 'constraint ' || tc.table_name || ' ' || tc.constraint_name || ' ' || tc.constraint_type
				    || ' (' || listagg(k.column_name, ', ') within group (order by k.ordinal_position) || ')'
				from information_schema.table_constraints tc
				join information_schema.key_column_usage k
				    on k.constraint_schema = tc.constraint_schema and k.constraint_name = tc.constraint_name
				where tc.table_schema = 'PUBLIC' and lower(tc.table_name) like 'hybrid\\_auth\\_%'
				group by tc.table_name, tc.constraint_name, tc.constraint_type
				""", String.class));
		lines.addAll(jdbc.queryForList("""
				select 'index ' || i.index_name || ' ' || i.index_type_name || ' on ' || i.table_name
				    || ' (' || listagg(c.column_name, ', ') within group (order by c.ordinal_position) || ')'
				from information_schema.indexes i
				join information_schema.index_columns c
				    on c.index_schema = i.index_schema and c.index_name = i.index_name
				where i.table_schema = 'PUBLIC' and lower(i.table_name) like 'hybrid\\_auth\\_%'
				    and i.index_name not like 'PRIMARY\\_KEY\\_%'
				group by i.index_name, i.index_type_name, i.table_name
				""", String.class));
		lines.sort(null);
		return lines;
	}

}
