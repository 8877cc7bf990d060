package dev.hybridauth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.Assert;

/**
 * One real PostgreSQL server for the whole test run, from the embedded binaries on Maven
 * Central: no Docker, no setup. Stopped when the JVM exits.
 */
public final class EmbeddedPostgres {

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	private EmbeddedPostgres() {
	}

	public static synchronized String jdbcUrl() {
		if (server == null) {
			try {
				server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (IOException ex) {
					// the JVM is exiting
				}
			}));
		}
		return server.getJdbcUrl("postgres", "postgres");
	}

	/**
	 * Creates a database of its own on the shared server, for a test that needs an empty
	 * one.
	 * @param name the new database's name: lower case letters, digits and underscores
	 * @return its JDBC URL (user and password {@code postgres})
	 */
	public static synchronized String createDatabase(String name) {
		Assert.isTrue(name.matches("[a-z0-9_]+"), () -> "Not a plain database name: " + name);
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + name, ex);
		}
		return server.getJdbcUrl("postgres", name);
	}

	/**
	 * Points a Spring test context at the embedded server and has hybrid-auth create its
	 * table there.
	 * @param registry the dynamic properties
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgres::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		registry.add("hybrid-auth.session.initialize-schema", () -> "always");
	}

}
