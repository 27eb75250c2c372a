package io.github.leakybucket.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import io.github.leakybucket.limits.KeyValueStoreLimitResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the metadata of {@code leakybucket.limits.*} against the defaults of the core resolver.
 */
class LimitsConfigurationMetadataTests {

	@Test
	void keyValueStoreDefaultsAgreeWithTheResolvers() throws IOException {
		Map<String, Object> defaults = new HashMap<>();
		for (Map<String, Object> property : properties()) {
			assertThat((String) property.get("description")).as("description of %s", property.get("name"))
				.isNotBlank();
			defaults.put((String) property.get("name"), property.get("defaultValue"));
		}
		assertThat(defaults).containsOnlyKeys("leakybucket.limits.key-value-store.enabled",
				"leakybucket.limits.key-value-store.refresh-interval", "leakybucket.limits.key-value-store.prefix")
			.containsEntry("leakybucket.limits.key-value-store.enabled", false)
			.containsEntry("leakybucket.limits.key-value-store.prefix", KeyValueStoreLimitResolver.DEFAULT_PREFIX);
		assertThat(DurationStyle.detectAndParse((String) defaults.get("leakybucket.limits.key-value-store.refresh-interval")))
			.isEqualTo(KeyValueStoreLimitResolver.DEFAULT_REFRESH_INTERVAL);
	}

	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream in = LimitsConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			List<Map<String, Object>> properties = JsonPath.parse(in)
				.read("$.properties[?(@.name =~ /leakybucket\\.limits\\..*/)]");
			return properties;
		}
	}

}
