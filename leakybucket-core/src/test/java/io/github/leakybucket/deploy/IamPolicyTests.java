package io.github.leakybucket.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.testsupport.DeploymentTemplate;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Call;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Purpose;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every public operation of the library once on tables of its own, and checks that the recorded calls are
 * exactly the actions of the template's policies, table by table: nothing missing (which
 * {@link IamPolicyCoverageTests} also checks over the whole suite) and nothing granted that the library never calls.
 */
class IamPolicyTests {

	private static DynamoDbClient client;

	private static DynamoDbAsyncClient asyncClient;

	private final String bucketsTable = DynamoDbTestServer.uniqueTableName("iam-buckets");

	private final String kvTable = DynamoDbTestServer.uniqueTableName("iam-kv");

	@BeforeAll
	static void createClients() {
		client = DynamoDbTestServer.client();
		asyncClient = DynamoDbTestServer.asyncClientBuilder().build();
	}

	@AfterAll
	static void closeClients() {
		client.close();
		asyncClient.close();
	}

	@Test
	void theLibraryCallsExactlyTheActionsThePoliciesAllowOnEachTable() {
		DynamoDbTables tables = new DynamoDbTables(client);
		tables.createIfMissing(this.bucketsTable, TableLayout.BUCKETS);
		tables.createIfMissing(this.kvTable, TableLayout.KEY_VALUE);
		exerciseBuckets(tables);
		exerciseKeyValueStore(tables);

		DeploymentTemplate template = DeploymentTemplate.load();
		Map<TableLayout, Set<String>> runtimePolicy = template.allowedActions(DeploymentTemplate.RUNTIME_POLICY);
		Map<TableLayout, Set<String>> creationPolicy = template
			.allowedActions(DeploymentTemplate.TABLE_CREATION_POLICY);
		assertThat(recorded(Purpose.RUNTIME)).isEqualTo(runtimePolicy);
		Map<TableLayout, Set<String>> creationOnly = recorded(Purpose.TABLE_CREATION);
		creationOnly.forEach((layout, actions) -> actions.removeAll(runtimePolicy.get(layout)));
		assertThat(creationOnly).isEqualTo(creationPolicy);
	}

	private void exerciseBuckets(DynamoDbTables tables) {
		tables.isTimeToLiveEnabled(this.bucketsTable, TableLayout.BUCKETS);
		BucketConfig config = BucketConfig.of(10, Duration.ofSeconds(10));
		Bucket bucket = DynamoDbBucketStorage.builder(client).tableName(this.bucketsTable).build()
			.create("api", "user-1", config);
		bucket.state();
		assertThat(bucket.tryAdd(1).remaining()).isEqualTo(9);
		bucket.drain();
		Bucket asyncBucket = DynamoDbBucketStorage.builder(asyncClient).tableName(this.bucketsTable).build()
			.create("api", "user-2", config);
		assertThat(asyncBucket.tryAddAsync(1).join().remaining()).isEqualTo(9);
		asyncBucket.refresh();
	}

	private void exerciseKeyValueStore(DynamoDbTables tables) {
		tables.verify(this.kvTable, TableLayout.KEY_VALUE);
		tables.isTimeToLiveEnabled(this.kvTable, TableLayout.KEY_VALUE);
		KeyValueStore store = DynamoDbKeyValueStore.builder(client, this.kvTable).build();
		store.put("a", "1");
		KVPair a = store.get("a").orElseThrow();
		assertThat(store.exists("a")).isTrue();
		KVPair b = store.atomicPut("b", "2", null);
		store.atomicPut("b", "3", b);
		assertThat(store.list("").items()).hasSize(2);
		store.putAll(Map.of("c", "4".getBytes(StandardCharsets.UTF_8)));
		assertThat(store.getAll(List.of("a", "b", "c"))).hasSize(3);
		assertThat(store.atomicDelete("a", a)).isTrue();
		store.delete("b");
		assertThat(store.deletePrefix("")).isEqualTo(1);
	}

	private Map<TableLayout, Set<String>> recorded(Purpose purpose) {
		Map<TableLayout, Set<String>> recorded = new EnumMap<>(TableLayout.class);
		for (Call call : DynamoDbActionRecorder.calls()) {
			TableLayout layout = call.table().equals(this.bucketsTable) ? TableLayout.BUCKETS
					: call.table().equals(this.kvTable) ? TableLayout.KEY_VALUE : null;
			if (layout != null && call.purpose() == purpose) {
				recorded.computeIfAbsent(layout, (key) -> new TreeSet<>()).add(call.action());
			}
		}
		return recorded;
	}

}
