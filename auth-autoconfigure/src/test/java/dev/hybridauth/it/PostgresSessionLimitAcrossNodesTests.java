package dev.hybridauth.it;

import java.util.List;

/**
 * {@link AbstractSessionLimitAcrossNodesTests} with two nodes on one embedded PostgreSQL.
 */
class PostgresSessionLimitAcrossNodesTests extends AbstractSessionLimitAcrossNodesTests {

	@Override
	String jdbcUrl() {
		return EmbeddedPostgres.jdbcUrl();
	}

	@Override
	List<String> databaseProperties() {
		return List.of("spring.datasource.username=postgres", "spring.datasource.password=postgres");
	}

	@Override
	boolean lockWaitsTimeOut() {
		return false;
	}

}
