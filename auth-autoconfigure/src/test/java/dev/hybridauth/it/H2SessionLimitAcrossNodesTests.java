package dev.hybridauth.it;

import java.util.List;
import java.util.UUID;

/**
 * {@link AbstractSessionLimitAcrossNodesTests} on H2: two contexts sharing one in-memory
 * database.
 */
class H2SessionLimitAcrossNodesTests extends AbstractSessionLimitAcrossNodesTests {

	private final String url = "jdbc:h2:mem:limit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@Override
	String jdbcUrl() {
		return this.url;
	}

	@Override
	List<String> databaseProperties() {
		return List.of("spring.datasource.username=sa", "spring.datasource.password=");
	}

	@Override
	boolean lockWaitsTimeOut() {
		return true;
	}

}
