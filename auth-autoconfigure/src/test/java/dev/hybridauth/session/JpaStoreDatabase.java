package dev.hybridauth.session;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import dev.hybridauth.it.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A real {@link JpaSessionStore} on a real database, wired the way an application wires
 * it: Spring Boot's data source, Hibernate and transaction auto-configuration, the
 * session entity found through {@code @EntityScan}, the tables created by
 * {@link SessionSchemaInitializer} from the classpath script before JPA starts, and
 * Hibernate validating them against the entity at startup ({@code ddl-auto=validate}).
 * <p>
 * Each instance has a database (H2) or a schema (PostgreSQL) of its own, so that it
 * neither sees nor disturbs the rows of the other tests that run in the same JVM, and
 * {@link #deleteAll()} can empty it between tests.
 */
final class JpaStoreDatabase implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private JpaStoreDatabase(String url, String username, String password) {
		this(url, username, password, DatabaseInitializationMode.ALWAYS);
	}

	private JpaStoreDatabase(String url, String username, String password, DatabaseInitializationMode schemaScript) {
		// the command-line arguments override the application.properties of the web
		// tests, which is not read
		this.context = new SpringApplicationBuilder(StoreApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--spring.config.name=session-store-tests", "--spring.datasource.url=" + url,
					"--spring.datasource.username=" + username, "--spring.datasource.password=" + password,
					"--spring.jpa.hibernate.ddl-auto=validate", "--store-tests.schema-script=" + schemaScript);
	}

	/**
	 * @param url a database whose tables a migration created
	 * @param username its user
	 * @param password and password
	 * @return a store on that database, the schema script not run
	 */
	static JpaStoreDatabase migrated(String url, String username, String password) {
		return new JpaStoreDatabase(url, username, password, DatabaseInitializationMode.NEVER);
	}

	/**
	 * @return a store on a new in-memory H2 database
	 */
	static JpaStoreDatabase h2() {
		return new JpaStoreDatabase("jdbc:h2:mem:session-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	/**
	 * @param schema a schema of the embedded PostgreSQL that only this caller uses;
	 * created if missing
	 * @return a store on that schema
	 */
	static JpaStoreDatabase postgres(String schema) {
		String url = EmbeddedPostgres.jdbcUrl();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("create schema if not exists " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create schema " + schema, ex);
		}
		return new JpaStoreDatabase(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, "postgres",
				"postgres");
	}

	JpaSessionStore store() {
		return this.context.getBean(JpaSessionStore.class);
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(this.context.getBean(DataSource.class));
	}

	/**
	 * Empties the session, owner and lease tables of this database or schema.
	 */
	void deleteAll() {
		JdbcTemplate jdbc = jdbc();
		jdbc.update("delete from hybrid_auth_session");
		jdbc.update("delete from hybrid_auth_session_owner");
		jdbc.update("delete from hybrid_auth_lock");
		jdbc.update("delete from hybrid_auth_revocation");
	}

	/**
	 * @return the names of the indexes of {@code hybrid_auth_session}, in lower case
	 */
	List<String> sessionIndexNames() {
		return jdbc().execute((Connection connection) -> {
			DatabaseMetaData metaData = connection.getMetaData();
			String table = metaData.storesUpperCaseIdentifiers() ? "HYBRID_AUTH_SESSION" : "hybrid_auth_session";
			List<String> names = new ArrayList<>();
			try (ResultSet indexes = metaData.getIndexInfo(connection.getCatalog(), connection.getSchema(), table,
					false, false)) {
				while (indexes.next()) {
					String name = indexes.getString("INDEX_NAME");
					if (name != null) {
						names.add(name.toLowerCase(Locale.ROOT));
					}
				}
			}
			return names;
		});
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
			TransactionAutoConfiguration.class })
	@Import(DatabaseInitializationDependencyConfigurer.class)
	@EntityScan(basePackageClasses = SessionEntity.class)
	static class StoreApplication {

		@Bean
		SessionSchemaInitializer sessionSchemaInitializer(DataSource dataSource,
				@Value("${store-tests.schema-script}") DatabaseInitializationMode mode) {
			return new SessionSchemaInitializer(dataSource, mode);
		}

		@Bean
		JpaSessionStore sessionStore(EntityManagerFactory entityManagerFactory,
				PlatformTransactionManager transactionManager) {
			return new JpaSessionStore(entityManagerFactory, transactionManager);
		}

	}

}
