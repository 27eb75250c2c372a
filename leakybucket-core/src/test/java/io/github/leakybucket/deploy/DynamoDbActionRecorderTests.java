package io.github.leakybucket.deploy;

import java.util.Map;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Call;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Purpose;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link DynamoDbActionRecorder} records: the library's calls, with their table, purpose and caller, and not
 * the calls a test makes itself.
 */
class DynamoDbActionRecorderTests {

	private final String table = DynamoDbTestServer.uniqueTableName("recorded");

	@Test
	void recordsTheLibrarysCallsAndLeavesOutTheTestsOwn() {
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			new DynamoDbTables(client).createIfMissing(this.table, TableLayout.KEY_VALUE);
			DynamoDbKeyValueStore.builder(client, this.table).build().put("by-library", "1");
			client.putItem((request) -> request.tableName(this.table)
				.item(Map.of("id", AttributeValue.fromS("default"), "name", AttributeValue.fromS("by-test"))));
		}
		assertThat(DynamoDbActionRecorder.calls()).filteredOn((call) -> call.table().equals(this.table))
			.contains(new Call("dynamodb:CreateTable", this.table, Purpose.TABLE_CREATION,
					"DynamoDbTables.createIfMissing"),
					new Call("dynamodb:UpdateItem", this.table, Purpose.RUNTIME, "DynamoDbKeyValueStore.put"))
			.noneMatch((call) -> call.action().equals("dynamodb:PutItem"));
		assertThat(DynamoDbActionRecorder.layoutOf(this.table)).contains(TableLayout.KEY_VALUE);
	}

}
