package io.github.leakybucket.dynamodb;

import java.time.Duration;

import io.github.leakybucket.testsupport.DelayingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DynamoDbTablesTests {

	private static DynamoDbClient client;

	private static DynamoDbTables tables;

	@BeforeAll
	static void connect() {
		client = DynamoDbTestServer.client();
		tables = new DynamoDbTables(client);
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void createsBucketTableWithTtlAndThenAcceptsIt() {
		String name = DynamoDbTestServer.uniqueTableName("buckets");
		assertThat(tables.createIfMissing(name, TableLayout.BUCKETS)).isTrue();
		assertThat(tables.createIfMissing(name, TableLayout.BUCKETS)).isFalse();
		assertThat(tables.verify(name, TableLayout.BUCKETS).keySchema()).hasSize(1);
		assertThat(tables.isTimeToLiveEnabled(name, TableLayout.BUCKETS)).isTrue();
	}

	@Test
	void createsKeyValueTableWithRangeKey() {
		String name = DynamoDbTestServer.uniqueTableName("kv");
		tables.createIfMissing(name, TableLayout.KEY_VALUE);
		assertThat(tables.verify(name, TableLayout.KEY_VALUE).keySchema()).hasSize(2);
		assertThat(tables.isTimeToLiveEnabled(name, TableLayout.KEY_VALUE)).isTrue();
	}

	@Test
	void enablesTtlOnExistingTableWithoutIt() {
		String name = DynamoDbTestServer.uniqueTableName("no-ttl");
		client.createTable((request) -> request.tableName(name)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.keySchema(KeySchemaElement.builder().attributeName("name").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("name").attributeType(ScalarAttributeType.S).build()));
		assertThat(tables.isTimeToLiveEnabled(name, TableLayout.BUCKETS)).isFalse();
		assertThat(tables.createIfMissing(name, TableLayout.BUCKETS)).isFalse();
		assertThat(tables.isTimeToLiveEnabled(name, TableLayout.BUCKETS)).isTrue();
	}

	@Test
	void missingTableIsNamedWithExpectedSchema() {
		assertThatExceptionOfType(TableSchemaException.class)
			.isThrownBy(() -> tables.verify("no-such-table", TableLayout.BUCKETS))
			.withMessageContaining("'no-such-table'")
			.withMessageContaining("does not exist")
			.withMessageContaining("hash key 'name' (S)");
	}

	@Test
	void wrongKeySchemaIsReported() {
		String name = DynamoDbTestServer.uniqueTableName("wrong");
		client.createTable((request) -> request.tableName(name)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build()));
		assertThatExceptionOfType(TableSchemaException.class).isThrownBy(() -> tables.verify(name, TableLayout.BUCKETS))
			.withMessageContaining("its key schema is hash key 'id' (S)")
			.withMessageContaining("Expected hash key 'name' (S), TTL on '_ttl'");
	}

	@Test
	void createsTableWhenCreateTableTakesLongerThanTheClientsDecisionTimeout() {
		try (DynamoDbClient decisionClient = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.apiCallTimeout(Duration.ofMillis(200))
				.addExecutionInterceptor(new DelayingInterceptor(CreateTableRequest.class, Duration.ofMillis(600))))
			.build()) {
			String name = DynamoDbTestServer.uniqueTableName("slow-create");
			assertThat(new DynamoDbTables(decisionClient).createIfMissing(name, TableLayout.BUCKETS)).isTrue();
			assertThat(tables.isTimeToLiveEnabled(name, TableLayout.BUCKETS)).isTrue();
		}
	}

	@Test
	void adminTimeoutBoundsEachCallWhateverTheClientAllows() {
		try (DynamoDbClient patientClient = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.apiCallTimeout(Duration.ofSeconds(30))
				.addExecutionInterceptor(new DelayingInterceptor(DescribeTableRequest.class, Duration.ofSeconds(5))))
			.build()) {
			DynamoDbTables impatient = new DynamoDbTables(patientClient, Duration.ofMillis(100));
			assertThatExceptionOfType(ApiCallTimeoutException.class)
				.isThrownBy(() -> impatient.verify("any-table", TableLayout.BUCKETS));
		}
	}

	@Test
	void adminTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DynamoDbTables(client, Duration.ZERO))
			.withMessageContaining("adminTimeout");
	}

}
