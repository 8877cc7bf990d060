package dev.hybridauth.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridSession;
import dev.hybridauth.SessionJwt;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The live session check: SHA-256 of the token, one SELECT by hash through the JPA or the
 * JDBC store, against 10,000 stored sessions, on H2 (in memory) and on PostgreSQL
 * (embedded, over a local socket), with the store's statement timeout (a query timeout on
 * the read) and without. The touch interval is long, so no UPDATE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionLookupBenchmark {

	@Param({ "h2", "postgresql" })
	public String database;

	/**
	 * The store's statement timeout in seconds
	 * ({@code hybrid-auth.session.statement-timeout}): 5 (the default) sets a query
	 * timeout on every read, 0 none.
	 */
	@Param({ "5", "0" })
	public int statementTimeoutSeconds;

	/** The store: JPA (the default with JPA) or plain JDBC (the default without). */
	@Param({ "jpa", "jdbc" })
	public String store;

	private EmbeddedPostgres postgres;

	private ConfigurableApplicationContext context;

	private DefaultHybridSessionService sessions;

	private String token;

	@Setup(Level.Trial)
	public void setUp() throws IOException, java.sql.SQLException {
		String url;
		if (this.database.equals("postgresql")) {
			this.postgres = EmbeddedPostgres.start();
			url = this.postgres.getJdbcUrl("postgres", "postgres");
		}
		else {
			url = "jdbc:h2:mem:lookup;DB_CLOSE_DELAY=-1";
		}
		// As command-line arguments: they win over the sample's application.yml, which is
		// on this classpath too.
		this.context = new SpringApplicationBuilder(StoreApplication.class).web(WebApplicationType.NONE)
			.run("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
					"--spring.datasource.password=postgres", "--spring.jpa.hibernate.ddl-auto=none",
					"--logging.level.root=WARN", "--spring.main.banner-mode=off",
					"--spring.autoconfigure.exclude=org.springframework.boot.session.autoconfigure.SessionAutoConfiguration,"
							+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration");
		try (java.sql.Connection connection = this.context.getBean(DataSource.class).getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName();
			if (!product.toLowerCase(java.util.Locale.ROOT).startsWith(this.database.substring(0, 2))) {
				throw new IllegalStateException("Expected " + this.database + " but got " + product);
			}
		}
		new ResourceDatabasePopulator(new ClassPathResource("dev/hybridauth/session/schema-" + this.database + ".sql"))
			.execute(this.context.getBean(DataSource.class));
		SessionStore store;
		if (this.store.equals("jpa")) {
			JpaSessionStore jpa = new JpaSessionStore(this.context.getBean(EntityManagerFactory.class),
					this.context.getBean(PlatformTransactionManager.class));
			jpa.setStatementTimeout(Duration.ofSeconds(this.statementTimeoutSeconds));
			store = jpa;
		}
		else {
			DataSource dataSource = this.context.getBean(DataSource.class);
			JdbcSessionStore jdbc = new JdbcSessionStore(dataSource, new DataSourceTransactionManager(dataSource));
			jdbc.setStatementTimeout(Duration.ofSeconds(this.statementTimeoutSeconds));
			store = jdbc;
		}
		// The lookup is measured, not the signature: the JWTs of the 10,000 logins are
		// not signed.
		Instant now = Instant.now();
		this.sessions = new DefaultHybridSessionService(store, (session) -> new SessionJwt("unsigned", now, now),
				new UserDetailsUserStateLoader(null), Clock.systemUTC());
		this.sessions.setTouchInterval(Duration.ofHours(1));
		for (int i = 0; i < 10_000; i++) {
			String user = "user" + (i % 1000);
			String started = this.sessions
				.start(UsernamePasswordAuthenticationToken.authenticated(user, null,
						AuthorityUtils.createAuthorityList("ROLE_USER")), ClientInfo.UNKNOWN)
				.sessionToken();
			if (i == 5_000) {
				this.token = started;
			}
		}
	}

	@Benchmark
	public HybridSession authenticate() {
		return this.sessions.authenticate(this.token).orElseThrow();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.context.close();
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	/**
	 * Only auto-configuration (the DataSource, JPA and transactions): no component scan
	 * of the benchmarks.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = "dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration")
	@EntityScan(basePackageClasses = SessionEntity.class)
	static class StoreApplication {

	}

}
