package dev.hybridauth.it;

import dev.hybridauth.session.SessionStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race of a refresh and a logout on PostgreSQL, with the JDBC session store: the
 * application has a {@code DataSource} but no {@code EntityManagerFactory}.
 */
// JPA on the classpath, but no EntityManagerFactory, as in an application that excludes
// it
@TestPropertySource(properties = "spring.autoconfigure.exclude="
		+ "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
		+ "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration")
class PostgresJdbcRefreshRacingLogoutTests extends AbstractRefreshRacingLogoutTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry);
	}

	@Test
	void theSessionsAreKeptByTheJdbcStore(@Autowired SessionStore store) {
		assertThat(store.getClass().getName()).isEqualTo("dev.hybridauth.session.JdbcSessionStore");
	}

}
