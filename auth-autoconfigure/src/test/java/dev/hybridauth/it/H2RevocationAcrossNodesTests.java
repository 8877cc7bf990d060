package dev.hybridauth.it;

import java.util.List;
import java.util.UUID;

/**
 * {@link AbstractRevocationAcrossNodesTests} on H2: two contexts sharing one in-memory
 * database, fed by polling alone.
 */
class H2RevocationAcrossNodesTests extends AbstractRevocationAcrossNodesTests {

	private final String url = "jdbc:h2:mem:feed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@Override
	String jdbcUrl() {
		return this.url;
	}

	@Override
	List<String> databaseProperties() {
		return List.of("spring.datasource.username=sa", "spring.datasource.password=");
	}

	@Override
	int nodeCount() {
		return 2;
	}

}
