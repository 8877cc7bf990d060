package dev.hybridauth.session;

import java.util.List;

class H2SessionStoreTests extends AbstractSessionStoreTests {

    @Override
    List<String> indexNames() {
        return lowerCase(jdbc.queryForList(
                "select index_name from information_schema.indexes where table_name = 'HYBRID_AUTH_SESSION'",
                String.class));
    }

}
