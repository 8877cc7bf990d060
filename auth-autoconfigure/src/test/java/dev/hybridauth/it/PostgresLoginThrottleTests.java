package dev.hybridauth.it;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresLoginThrottleTests extends AbstractLoginThrottleTests {

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry);
	}

	@Override
	void forgetAllFailures() {
		this.jdbc.update("delete from hybrid_auth_login_throttle");
	}

	@Override
	long statementsOfAThrottledAttempt() {
		return 1;
	}

}
