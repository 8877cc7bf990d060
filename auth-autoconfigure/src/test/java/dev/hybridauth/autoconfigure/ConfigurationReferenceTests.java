package dev.hybridauth.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property in the generated configuration metadata is documented in
 * docs/configuration.md and has a description (the IDE's help), and the property that is
 * a String with a few valid values offers them as hints.
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

	@Test
	void everyPropertyInTheMetadataHasADescription() throws Exception {
		Map<String, String> descriptions = new TreeMap<>();
		for (JsonNode property : metadata().get("properties")) {
			descriptions.put(property.get("name").asString(),
					property.has("description") ? property.get("description").asString() : "");
		}

		assertThat(descriptions).hasSizeGreaterThan(20).containsKey("hybrid-auth.cookie.same-site");
		assertThat(descriptions).allSatisfy((name,
				description) -> assertThat(description).as("the description of " + name).isNotBlank().endsWith("."));
	}

	@Test
	void theSameSiteAttributeOffersItsThreeValues() throws Exception {
		List<String> values = new ArrayList<>();
		for (JsonNode hint : metadata().get("hints")) {
			if (hint.get("name").asString().equals("hybrid-auth.cookie.same-site")) {
				for (JsonNode value : hint.get("values")) {
					assertThat(value.get("description").asString()).isNotBlank();
					values.add(value.get("value").asString());
				}
			}
		}

		assertThat(values).containsExactly("Lax", "Strict", "None");
	}

	private JsonNode metadata() throws Exception {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.builder().build().readTree(metadata);
		}
	}

}
