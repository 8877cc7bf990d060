package dev.hybridauth.session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hybridauth.it.EmbeddedPostgres;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A real {@link JdbcSessionStore} on a real database, as an application without JPA has
 * it: a Hikari pool, Spring's JDBC transaction manager, the tables created by
 * {@link SessionSchemaInitializer} from the classpath script.
 * <p>
 * Each instance has a database (H2) or a schema (PostgreSQL) of its own, so that it
 * neither sees nor disturbs the rows of the other tests that run in the same JVM.
 */
final class JdbcStoreDatabase implements AutoCloseable {

	private final HikariDataSource dataSource;

	private final JdbcSessionStore store;

	private JdbcStoreDatabase(String url, String username, String password) {
		this.dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(url)
			.username(username)
			.password(password)
			.build();
		ShippedSchema.schemaScript(this.dataSource);
		this.store = new JdbcSessionStore(this.dataSource, new JdbcTransactionManager(this.dataSource));
		this.store.setStatementTimeout(Duration.ofSeconds(5));
	}

	/**
	 * @return a store on a new in-memory H2 database
	 */
	static JdbcStoreDatabase h2() {
		return new JdbcStoreDatabase("jdbc:h2:mem:jdbc-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	/**
	 * @param schema a schema of the embedded PostgreSQL that only this caller uses;
	 * created if missing
	 * @return a store on that schema
	 */
	static JdbcStoreDatabase postgres(String schema) {
		String url = EmbeddedPostgres.jdbcUrl();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("create schema if not exists " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create schema " + schema, ex);
		}
		return new JdbcStoreDatabase(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, "postgres",
				"postgres");
	}

	JdbcSessionStore store() {
		return this.store;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(this.dataSource);
	}

	/**
	 * Empties the session, owner, lease and revocation tables of this database or schema.
	 */
	void deleteAll() {
		JdbcTemplate jdbc = jdbc();
		jdbc.update("delete from hybrid_auth_session");
		jdbc.update("delete from hybrid_auth_session_owner");
		jdbc.update("delete from hybrid_auth_lock");
		jdbc.update("delete from hybrid_auth_revocation");
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
