package dev.hybridauth.token;

import javax.sql.DataSource;

import dev.hybridauth.it.EmbeddedPostgres;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * On the embedded PostgreSQL, in a schema of its own: the other tests keep their keys in
 * the default one.
 */
class PostgresKeyRetirementTests extends AbstractKeyRetirementTests {

	private static DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (dataSource == null) {
			String url = EmbeddedPostgres.jdbcUrl();
			new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"))
				.execute("create schema if not exists key_retirement");
			dataSource = new DriverManagerDataSource(
					url + (url.contains("?") ? "&" : "?") + "currentSchema=key_retirement", "postgres", "postgres");
			new ResourceDatabasePopulator(new ClassPathResource("dev/hybridauth/session/schema-postgresql.sql"))
				.execute(dataSource);
		}
		return dataSource;
	}

}
