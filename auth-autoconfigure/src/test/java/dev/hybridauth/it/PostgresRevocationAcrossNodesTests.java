package dev.hybridauth.it;

import java.util.List;

/**
 * {@link AbstractRevocationAcrossNodesTests} on one embedded PostgreSQL.
 */
class PostgresRevocationAcrossNodesTests extends AbstractRevocationAcrossNodesTests {

	@Override
	String jdbcUrl() {
		return EmbeddedPostgres.jdbcUrl();
	}

	@Override
	List<String> databaseProperties() {
		return List.of("spring.datasource.username=postgres", "spring.datasource.password=postgres");
	}

}
