package dev.hybridauth.web;

import dev.hybridauth.it.SqlRecorder;
import dev.hybridauth.it.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up runs hybrid-auth's request paths once the application has started, reads
 * only, and can be turned off.
 */
@ExtendWith(OutputCaptureExtension.class)
class HybridAuthWarmUpTests {

	@Test
	void warmUpLooksUpSessionsAndVerifiesJwtsAtStartUpWithoutWriting(CapturedOutput output) {
		SqlRecorder.clear();
		try (ConfigurableApplicationContext context = start("hybrid-auth.warm-up.enabled=true")) {
			assertThat(SqlRecorder.count("select")).as("session lookups at start-up").isGreaterThan(100);
			assertThat(SqlRecorder.count("insert") + SqlRecorder.count("update") + SqlRecorder.count("delete"))
				.as("nothing written")
				.isZero();
		}
		assertThat(output).containsPattern("Warm-up: [1-9][0-9]{3,} runs of hybrid-auth's request paths in \\d+ ms");
	}

	@Test
	void warmUpCanBeTurnedOff(CapturedOutput output) {
		SqlRecorder.clear();
		try (ConfigurableApplicationContext context = start("hybrid-auth.warm-up.enabled=false")) {
			assertThat(SqlRecorder.count("select")).as("no session lookups at start-up").isZero();
		}
		assertThat(output).doesNotContain("Warm-up: ");
	}

	private static ConfigurableApplicationContext start(String property) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", property, "logging.level.dev.hybridauth.web.HybridAuthWarmUp=debug",
					"spring.jpa.properties.hibernate.session_factory.statement_inspector="
							+ SqlRecorder.class.getName())
			.run();
	}

}
