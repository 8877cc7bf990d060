package dev.hybridauth.token;

import dev.hybridauth.it.EmbeddedPostgres;
import dev.hybridauth.it.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys generated into a database that is not embedded, where their private parts sit in a
 * table of a production database, are warned about at start-up; on an embedded database
 * (tests, trials) they are not.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedKeysWarningTests {

	private static final String WARNING = "hybrid-auth generates its session JWT signing keys into the database, "
			+ "which is not an embedded one";

	@Test
	void keysGeneratedIntoPostgresqlAreWarnedAbout(CapturedOutput output) {
		String url = EmbeddedPostgres.createDatabase("generated_keys_warning");
		try (ConfigurableApplicationContext context = start("spring.datasource.url=" + url,
				"spring.datasource.username=postgres", "spring.datasource.password=postgres",
				"hybrid-auth.session.initialize-schema=always")) {
			assertThat(context.getBean(SigningKeys.class)).isInstanceOf(DatabaseSigningKeys.class);
		}
		assertThat(output).contains("Generated session JWT key");
		assertThat(output.getOut().lines().filter((line) -> line.contains(WARNING))).singleElement()
			.asString()
			.contains(" WARN ")
			.contains("hybrid-auth.jwt.keys")
			.contains("docs/security.md");
	}

	@Test
	void keysGeneratedIntoAnEmbeddedDatabaseAreNot(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBean(SigningKeys.class)).isInstanceOf(DatabaseSigningKeys.class);
		}
		// positive control: the key was generated into the (H2) database
		assertThat(output).contains("Generated session JWT key").doesNotContain(WARNING);
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).properties("server.port=0")
			.properties(properties)
			.run();
	}

}
