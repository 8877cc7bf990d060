package dev.hybridauth.session;

import java.util.List;

import dev.hybridauth.it.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresSessionStoreTests extends AbstractSessionStoreTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.register(registry);
    }

    @Override
    List<String> indexNames() {
        return jdbc.queryForList("select indexname from pg_indexes where tablename = 'hybrid_auth_session'",
                String.class);
    }

}
