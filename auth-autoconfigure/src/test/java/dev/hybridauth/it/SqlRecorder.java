package dev.hybridauth.it;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Records every SQL statement Hibernate prepares, so that tests can count the queries a
 * request costs. Registered through
 * {@code spring.jpa.properties.hibernate.session_factory.statement_inspector}.
 */
public class SqlRecorder implements StatementInspector {

	private static final List<String> statements = new CopyOnWriteArrayList<>();

	@Override
	public String inspect(String sql) {
		statements.add(sql.toLowerCase(Locale.ROOT));
		return sql;
	}

	public static void clear() {
		statements.clear();
	}

	public static long count(String prefix) {
		return statements.stream()
			.filter((sql) -> sql.startsWith(prefix) && sql.contains("hybrid_auth_session"))
			.count();
	}

	public static long sessionStatements() {
		return statements.stream().filter((sql) -> sql.contains("hybrid_auth_session")).count();
	}

}
