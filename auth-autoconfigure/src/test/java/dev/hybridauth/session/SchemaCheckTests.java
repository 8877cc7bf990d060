package dev.hybridauth.session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.hybridauth.it.EmbeddedPostgres;
import dev.hybridauth.it.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The schema check at start-up, on a fresh database of the embedded PostgreSQL each: a
 * missing or outdated schema fails the start-up with a report that names the tables or
 * columns and the fix, through Spring Boot's own failure analysis; a complete one costs
 * one statement.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaCheckTests {

	@Test
	void missingSchemaFailsTheStartUpNamingTheTablesAndTheFix(CapturedOutput output) {
		String url = EmbeddedPostgres.createDatabase("schema_check_missing");
		Throwable failure = catchThrowable(() -> start(url).close());
		assertThat(failure).hasRootCauseInstanceOf(MissingSchemaException.class);
		MissingSchemaException missing = (MissingSchemaException) rootCause(failure);
		assertThat(missing.getMissingTables()).containsOnlyKeys("hybrid_auth_session", "hybrid_auth_session_owner",
				"hybrid_auth_lock", "hybrid_auth_revocation", "hybrid_auth_signing_key", "hybrid_auth_login_throttle");
		assertThat(missing.getMissingTables().get("hybrid_auth_signing_key"))
			.contains("relation \"hybrid_auth_signing_key\" does not exist");
		assertThat(missing.getMissingColumns()).isEmpty();
		assertThat(missing.getPlatform()).isEqualTo("postgresql");

		FailureAnalysis analysis = new MissingSchemaFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("table hybrid_auth_signing_key is missing")
			.contains("table hybrid_auth_session is missing")
			.contains("hybrid-auth.session.initialize-schema is embedded")
			.contains("on embedded databases (an in-memory H2 or HSQLDB, Derby) only");
		assertThat(analysis.getAction()).contains("hybrid-auth.session.initialize-schema=always")
			.contains("classpath:db/hybrid-auth/flyway/{vendor}")
			.contains("db/hybrid-auth/flyway/postgresql/V1_0_0_1__hybrid_auth.sql")
			.contains("db/hybrid-auth/liquibase/db.changelog-hybrid-auth.yaml")
			.contains("dev/hybridauth/session/schema-postgresql.sql")
			.contains("docs/operations.md")
			.contains("hybrid-auth.login.throttle.store=memory");
		// Spring Boot's failure analysis picks the analyzer up from spring.factories
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("table hybrid_auth_signing_key is missing")
			.contains("hybrid-auth.session.initialize-schema=always")
			// the check, not the first statement of a component, found it
			.doesNotContain("BadSqlGrammarException");
	}

	@Test
	void outdatedSchemaFailsTheStartUpNamingTheColumns(CapturedOutput output) {
		String url = EmbeddedPostgres.createDatabase("schema_check_outdated");
		DataSource dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
		new ResourceDatabasePopulator(new ClassPathResource("dev/hybridauth/session/schema-postgresql.sql"))
			.execute(dataSource);
		new JdbcTemplate(dataSource).execute("alter table hybrid_auth_signing_key drop column activates_at");
		new JdbcTemplate(dataSource).execute("alter table hybrid_auth_session drop column authenticated_at");
		Throwable failure = catchThrowable(() -> start(url, "hybrid-auth.session.initialize-schema=never").close());
		assertThat(failure).hasRootCauseInstanceOf(MissingSchemaException.class);
		MissingSchemaException missing = (MissingSchemaException) rootCause(failure);
		assertThat(missing.getMissingTables()).isEmpty();
		assertThat(missing.getMissingColumns()).containsOnlyKeys("hybrid_auth_session", "hybrid_auth_signing_key")
			.containsEntry("hybrid_auth_session", List.of("authenticated_at"))
			.containsEntry("hybrid_auth_signing_key", List.of("activates_at"));

		FailureAnalysis analysis = new MissingSchemaFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("table hybrid_auth_signing_key has no column activates_at")
			.contains("table hybrid_auth_session has no column authenticated_at")
			.doesNotContain("is missing")
			.contains("hybrid-auth.session.initialize-schema is never");
		assertThat(analysis.getAction()).startsWith("Bring the existing tables up to date")
			.contains("dev/hybridauth/session/schema-postgresql.sql")
			.contains("does not change existing tables");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("table hybrid_auth_signing_key has no column activates_at");
	}

	@Test
	void completeSchemaIsCheckedWithOneStatementAndTheApplicationStarts() {
		String url = EmbeddedPostgres.createDatabase("schema_check_complete");
		CheckStatements.sql.clear();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				CheckStatements.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=postgres", "hybrid-auth.session.initialize-schema=always")
			.run()) {
			assertThat(context.isRunning()).isTrue();
			assertThat(context.getBean(SchemaCheck.class).tables()).containsExactlyInAnyOrder(SchemaTable.values());
			assertThat(CheckStatements.sql).hasSize(1);
			String check = CheckStatements.sql.get(0);
			assertThat(check).isEqualTo(SchemaCheck.query(context.getBean(SchemaCheck.class).tables()));
			for (SchemaTable table : SchemaTable.values()) {
				assertThat(check).contains(table.tableName() + " t");
			}
		}
	}

	@Test
	void theCheckWaitsForTheApplicationsOwnSchemaScript() {
		String url = EmbeddedPostgres.createDatabase("schema_check_application_script");
		// hybrid-auth creates nothing on PostgreSQL by default: the application's
		// spring.sql.init script does, and the check runs after it
		try (ConfigurableApplicationContext context = start(url, "spring.sql.init.mode=always",
				"spring.sql.init.schema-locations=classpath:dev/hybridauth/session/schema-postgresql.sql")) {
			assertThat(context.isRunning()).isTrue();
			assertThat(context.getBean(SchemaCheck.class).tables()).contains(SchemaTable.SIGNING_KEY);
		}
	}

	@Test
	void aDatabaseThatDoesNotAnswerIsLeftToTheComponentsThatUseIt(CapturedOutput output) {
		DataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "postgres",
				"postgres");
		new SchemaCheck(unreachable, EnumSet.allOf(SchemaTable.class), DatabaseInitializationMode.EMBEDDED).check();
		assertThat(output).contains("hybrid-auth could not check its tables");
		// positive control: a database that answers, without the tables
		DataSource empty = new DriverManagerDataSource("jdbc:h2:mem:schema_check_empty", "sa", "");
		assertThatExceptionOfType(MissingSchemaException.class)
			.isThrownBy(
					() -> new SchemaCheck(empty, EnumSet.allOf(SchemaTable.class), DatabaseInitializationMode.EMBEDDED)
						.check())
			.satisfies((missing) -> {
				assertThat(missing.getMissingTables()).hasSize(SchemaTable.values().length);
				assertThat(missing.getPlatform()).isEqualTo("h2");
			});
	}

	private static ConfigurableApplicationContext start(String url, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=postgres")
			.properties(properties)
			.run();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Records the statements that the schema check opens while it runs: between the
	 * initialization callbacks of its bean.
	 */
	@Configuration(proxyBeanMethods = false)
	static class CheckStatements {

		static final List<String> sql = new CopyOnWriteArrayList<>();

		private static volatile boolean checking;

		@Bean
		static BeanPostProcessor checkStatementsRecorder() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof SchemaCheck) {
						checking = true;
					}
					return bean;
				}

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof SchemaCheck) {
						checking = false;
					}
					if (bean instanceof DataSource dataSource) {
						return proxy(DataSource.class, dataSource, CheckStatements::connection);
					}
					return bean;
				}

			};
		}

		private static Object connection(Method method, Object[] args, Object result) {
			return method.getName().equals("getConnection")
					? proxy(Connection.class, (Connection) result, CheckStatements::statement) : result;
		}

		private static Object statement(Method method, Object[] args, Object result) {
			if (!checking) {
				return result;
			}
			if (method.getName().equals("prepareStatement") || method.getName().equals("prepareCall")) {
				sql.add((String) args[0]);
			}
			if (method.getName().equals("createStatement")) {
				return proxy(Statement.class, (Statement) result, (executed, sqlArgs, value) -> {
					if (executed.getName().startsWith("execute") && sqlArgs != null && sqlArgs.length > 0) {
						sql.add((String) sqlArgs[0]);
					}
					return value;
				});
			}
			return result;
		}

		@SuppressWarnings("unchecked")
		private static <T> T proxy(Class<T> type, T target, Interceptor interceptor) {
			InvocationHandler handler = (proxy, method, args) -> {
				try {
					return interceptor.intercept(method, args, method.invoke(target, args));
				}
				catch (InvocationTargetException ex) {
					throw ex.getTargetException();
				}
			};
			return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
		}

		@FunctionalInterface
		private interface Interceptor {

			Object intercept(Method method, Object[] args, Object result);

		}

	}

}
