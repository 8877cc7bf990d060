package dev.hybridauth.token;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

class H2KeyRetirementTests extends AbstractKeyRetirementTests {

	private static DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (dataSource == null) {
			dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:key-retirement;DB_CLOSE_DELAY=-1",
					"sa", "");
			new ResourceDatabasePopulator(new ClassPathResource("dev/hybridauth/session/schema-h2.sql"))
				.execute(dataSource);
		}
		return dataSource;
	}

}
