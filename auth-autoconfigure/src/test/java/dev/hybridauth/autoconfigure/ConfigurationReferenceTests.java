package dev.hybridauth.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property in the generated configuration metadata is documented in
 * docs/configuration.md.
 */
class ConfigurationReferenceTests {

	@Test
	void everyPropertyInTheMetadataIsInTheConfigurationReference() throws Exception {
		String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
		List<String> properties = new ArrayList<>();
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(metadata).get("properties")) {
				properties.add(property.get("name").asString());
			}
		}

		assertThat(properties).hasSizeGreaterThan(20);
		assertThat(properties)
			.allSatisfy((property) -> assertThat(reference).as("docs/configuration.md documents " + property)
				.contains("| `" + property + "` |"));
	}

}
