package dev.hybridauth.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresActuatorTests extends AbstractActuatorTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry);
	}

	@Override
	String expectedListener() {
		return "listening";
	}

}
