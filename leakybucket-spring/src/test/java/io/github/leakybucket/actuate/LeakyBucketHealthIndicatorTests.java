package io.github.leakybucket.actuate;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketHealthIndicatorTests {

	private DynamoDbClient client;

	private String table;

	private LeakyBucketHealthIndicator indicator;

	@BeforeEach
	void createTable() {
		this.client = DynamoDbTestServer.client();
		this.table = DynamoDbTestServer.uniqueTableName("health");
		new DynamoDbTables(this.client).createIfMissing(this.table, TableLayout.BUCKETS);
		this.indicator = new LeakyBucketHealthIndicator(this.client, Map.of(this.table, TableLayout.BUCKETS),
				Duration.ofSeconds(2));
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void upWithTableStatusAndTimeToLive() {
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(tableDetails(health)).containsEntry("status", "ACTIVE")
			.containsEntry("timeToLive", true)
			.doesNotContainKey("warning");
	}

	@Test
	void downWhenTableIsDeletedAndUpWhenRestored() {
		this.client.deleteTable((request) -> request.tableName(this.table));
		Health down = this.indicator.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(tableDetails(down)).containsEntry("reason", "Table does not exist");
		new DynamoDbTables(this.client).createIfMissing(this.table, TableLayout.BUCKETS);
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void warnsWhenTimeToLiveIsNotEnabled() {
		String plain = DynamoDbTestServer.uniqueTableName("no-ttl");
		this.client.createTable((request) -> request.tableName(plain)
			.keySchema(KeySchemaElement.builder().attributeName("name").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("name").attributeType(ScalarAttributeType.S).build())
			.billingMode("PAY_PER_REQUEST"));
		Health health = new LeakyBucketHealthIndicator(this.client, Map.of(plain, TableLayout.BUCKETS),
				Duration.ofSeconds(2))
			.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> details = tableDetails(health, plain);
		assertThat(details).containsEntry("timeToLive", false);
		assertThat((String) details.get("warning")).contains("'_ttl'");
	}

	@Test
	void downWhenDynamoDbIsUnreachable() {
		try (DynamoDbClient unreachable = DynamoDbTestServer.clientBuilder()
			.endpointOverride(java.net.URI.create("http://127.0.0.1:1"))
			.build()) {
			Health health = new LeakyBucketHealthIndicator(unreachable, Map.of(this.table, TableLayout.BUCKETS),
					Duration.ofSeconds(2))
				.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(tableDetails(health)).containsKey("reason");
		}
	}

	private Map<String, Object> tableDetails(Health health) {
		return tableDetails(health, this.table);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> tableDetails(Health health, String name) {
		return ((Map<String, Map<String, Object>>) health.getDetails().get("tables")).get(name);
	}

}
