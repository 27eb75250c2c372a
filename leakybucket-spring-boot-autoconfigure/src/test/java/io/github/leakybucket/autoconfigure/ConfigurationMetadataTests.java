package io.github.leakybucket.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the metadata that gives IDE completion of {@code leakybucket.*} properties.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasOneSentenceOfDocumentationInBootStyle() throws IOException {
		List<Map<String, Object>> properties = properties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("leakybucket.dynamodb.region", "leakybucket.dynamodb.endpoint",
					"leakybucket.dynamodb.credentials.access-key", "leakybucket.dynamodb.credentials.secret-key",
					"leakybucket.dynamodb.api-call-timeout", "leakybucket.dynamodb.api-call-attempt-timeout",
					"leakybucket.dynamodb.max-retries", "leakybucket.dynamodb.admin-timeout",
					"leakybucket.dynamodb.tables.buckets",
					"leakybucket.dynamodb.tables.kv", "leakybucket.dynamodb.create-tables",
					"leakybucket.dynamodb.embedded.enabled", "leakybucket.actuator.health-timeout",
					"leakybucket.actuator.health-check-interval", "leakybucket.buckets",
					"leakybucket.circuit-breaker.failure-rate-threshold",
					"leakybucket.circuit-breaker.minimum-number-of-calls", "leakybucket.circuit-breaker.sliding-window",
					"leakybucket.circuit-breaker.wait-duration-in-open-state", "leakybucket.rules",
					"leakybucket.web.headers-draft", "leakybucket.web.rules-filter-order");
		for (Map<String, Object> property : properties) {
			String description = (String) property.get("description");
			assertThat(description).as("description of %s", property.get("name")).isNotBlank().endsWith(".");
			assertThat(description).as("description of %s", property.get("name"))
				.doesNotStartWith("The ")
				.doesNotStartWith("A ");
			if ("java.lang.Boolean".equals(property.get("type"))) {
				assertThat(description).as("description of %s", property.get("name")).startsWith("Whether");
			}
		}
	}

	@Test
	void defaultsAreDocumented() throws IOException {
		Map<String, Object> defaults = new java.util.HashMap<>();
		for (Map<String, Object> property : properties()) {
			defaults.put((String) property.get("name"), property.get("defaultValue"));
		}
		assertThat(defaults).containsEntry("leakybucket.dynamodb.tables.buckets", "leakybucket-buckets")
			.containsEntry("leakybucket.dynamodb.tables.kv", "leakybucket-kv")
			.containsEntry("leakybucket.dynamodb.api-call-timeout", "1s")
			.containsEntry("leakybucket.dynamodb.admin-timeout", "30s")
			.containsEntry("leakybucket.actuator.health-check-interval", "10s")
			.containsEntry("leakybucket.dynamodb.embedded.enabled", null)
			.containsEntry("leakybucket.local-rejection", true)
			.containsEntry("leakybucket.web.storage-failure-retry-after", "5s")
			.containsEntry("leakybucket.reactive.offload-decisions", true)
			.containsEntry("leakybucket.circuit-breaker.failure-rate-threshold", 60)
			.containsEntry("leakybucket.circuit-breaker.minimum-number-of-calls", 2)
			.containsEntry("leakybucket.circuit-breaker.sliding-window", "2s")
			.containsEntry("leakybucket.circuit-breaker.wait-duration-in-open-state", "1s")
			.containsEntry("leakybucket.web.headers-draft", "draft-11")
			.containsEntry("leakybucket.web.rules-filter-order", -90);
	}

	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			List<Map<String, Object>> properties = JsonPath.parse(in).read("$.properties[?(@.name =~ /leakybucket.*/)]");
			return properties;
		}
	}

}
