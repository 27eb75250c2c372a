package io.github.leakybucket.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DeploymentTemplate;
import io.github.leakybucket.testsupport.DeploymentTemplate.Intrinsic;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks {@value DeploymentTemplate#LOCATION}: its tables are the ones the library expects, created on DynamoDB
 * Local exactly as the template defines them, and {@code cfn-lint} finds nothing in it.
 */
class CloudFormationTemplateTests {

	private static final Map<String, TableLayout> TABLES = Map.of("BucketsTable", TableLayout.BUCKETS,
			"KeyValueTable", TableLayout.KEY_VALUE);

	private static DynamoDbClient client;

	private final DeploymentTemplate template = DeploymentTemplate.load();

	@BeforeAll
	static void createClient() {
		client = DynamoDbTestServer.client();
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@Test
	void tablesCreatedAsTheTemplateDefinesThemPassTheLibrarysCheck() {
		DynamoDbTables tables = new DynamoDbTables(client);
		TABLES.forEach((logicalId, layout) -> {
			String tableName = DynamoDbTestServer.uniqueTableName(logicalId);
			createAsDefined(tableName, this.template.properties(logicalId));
			assertThat(tables.verify(tableName, layout).tableName()).isEqualTo(tableName);
			assertThat(tables.isTimeToLiveEnabled(tableName, layout)).as(logicalId + " TTL on " + layout.ttlAttribute())
				.isTrue();
		});
	}

	@Test
	void tableNamesAreParameters() {
		assertThat(this.template.properties("BucketsTable").get("TableName"))
			.isEqualTo(new Intrinsic("Ref", "BucketsTableName"));
		assertThat(this.template.properties("KeyValueTable").get("TableName"))
			.isEqualTo(new Intrinsic("Ref", "KeyValueTableName"));
	}

	@Test
	void bothTablesBillOnDemand() {
		TABLES.keySet()
			.forEach((logicalId) -> assertThat(this.template.properties(logicalId).get("BillingMode")).as(logicalId)
				.isEqualTo("PAY_PER_REQUEST"));
	}

	@Test
	void keyValueTableHasPointInTimeRecovery() {
		assertThat(this.template.properties("KeyValueTable").get("PointInTimeRecoverySpecification"))
			.isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
	}

	@Test
	void cfnLintFindsNothing() throws IOException, InterruptedException {
		Process lint;
		try {
			lint = new ProcessBuilder("cfn-lint", "--include-checks", "I", "--", this.template.path().toString())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			assumeTrue(false, "cfn-lint is not installed (pip install cfn-lint), so the template is not linted: " + ex);
			return;
		}
		assertThat(lint.waitFor(3, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
		String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).as("cfn-lint output").isEmpty();
		assertThat(lint.exitValue()).as("cfn-lint exit code").isZero();
	}

	@SuppressWarnings("unchecked")
	private static void createAsDefined(String tableName, Map<String, Object> table) {
		List<Map<String, Object>> attributes = (List<Map<String, Object>>) table.get("AttributeDefinitions");
		List<Map<String, Object>> keys = (List<Map<String, Object>>) table.get("KeySchema");
		Map<String, Object> ttl = (Map<String, Object>) table.get("TimeToLiveSpecification");
		client.createTable((request) -> request.tableName(tableName)
			.billingMode((String) table.get("BillingMode"))
			.attributeDefinitions(attributes.stream()
				.map((attribute) -> AttributeDefinition.builder()
					.attributeName((String) attribute.get("AttributeName"))
					.attributeType((String) attribute.get("AttributeType"))
					.build())
				.toList())
			.keySchema(keys.stream()
				.map((key) -> KeySchemaElement.builder()
					.attributeName((String) key.get("AttributeName"))
					.keyType((String) key.get("KeyType"))
					.build())
				.toList()));
		client.waiter().waitUntilTableExists((request) -> request.tableName(tableName));
		client.updateTimeToLive((request) -> request.tableName(tableName)
			.timeToLiveSpecification((spec) -> spec.attributeName((String) ttl.get("AttributeName"))
				.enabled((Boolean) ttl.get("Enabled"))));
	}

}
