package io.github.leakybucket.kv.dynamodb;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.BatchIncompleteException;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyExistsException;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.KeyValueStoreContractTests;
import io.github.leakybucket.kv.KeyValueStoreListener.Outcome;
import io.github.leakybucket.kv.ListOptions;
import io.github.leakybucket.kv.PutOptions;
import io.github.leakybucket.kv.ReadOptions;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs the {@link KeyValueStoreContractTests contract} against DynamoDB, and checks what is DynamoDB's own: the
 * item layout shared with dynastore, the item size limit, the requests sent, and the retry of bulk operations.
 */
class DynamoDbKeyValueStoreTests extends KeyValueStoreContractTests {

	private static final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

	private static DynamoDbClient client;

	private static String tableName;

	private final List<String> operations = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(new ExecutionInterceptor() {
				@Override
				public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
					requests.add(context.request());
				}
			}))
			.build();
		tableName = DynamoDbTestServer.uniqueTableName("kv");
		new DynamoDbTables(client).createIfMissing(tableName, TableLayout.KEY_VALUE);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@Override
	protected KeyValueStore createStore(InstantSource clock) {
		return builder(client).clock(clock).build();
	}

	private DynamoDbKeyValueStore.Builder builder(DynamoDbClient client) {
		return DynamoDbKeyValueStore.builder(client, tableName)
			.batchRetry(new BatchRetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)))
			.listener((operation, outcome, elapsed) -> this.operations.add(operation + ":" + outcome.tagValue()));
	}

	@BeforeEach
	void forgetRequests() {
		requests.clear();
	}

	@Test
	void storesDynastoreLayout() {
		this.store.put("job/1", "payload", PutOptions.ttl(Duration.ofSeconds(60)));
		Map<String, AttributeValue> item = rawItem("job/1");
		assertThat(item.get("id").s()).isEqualTo(this.store.partitionName());
		assertThat(item.get("name").s()).isEqualTo("job/1");
		assertThat(item.get("version").n()).isEqualTo("1");
		assertThat(item.get("expires").n()).isEqualTo(Long.toString(this.clock.instant().getEpochSecond() + 60));
		assertThat(item.get("payload").b().asUtf8String()).isEqualTo("payload");
		assertThat(item).containsOnlyKeys("id", "name", "version", "expires", "payload");
		this.store.put("job/1", "payload");
		assertThat(rawItem("job/1")).doesNotContainKey("expires").containsEntry("version", AttributeValue.fromN("2"));
	}

	@Test
	void readsItemsWrittenByOthersWithTheSameLayout() {
		client.putItem((put) -> put.tableName(tableName)
			.item(Map.of("id", AttributeValue.fromS(this.store.partitionName()), "name", AttributeValue.fromS("go"),
					"version", AttributeValue.fromN("7"), "payload",
					AttributeValue.fromB(SdkBytes.fromUtf8String("from go")))));
		KVPair pair = this.store.get("go").orElseThrow();
		assertThat(pair.version()).isEqualTo(7);
		assertThat(pair.valueAsString()).isEqualTo("from go");
		assertThat(this.store.atomicPut("go", "from java", pair).version()).isEqualTo(8);
	}

	@Test
	void expiredItemStaysInTheTableUntilTtlDeletesItButIsInvisible() {
		this.store.put("k", "v", PutOptions.ttl(Duration.ofSeconds(1)));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(rawItem("k")).isNotEmpty();
		assertThat(this.store.get("k")).isEmpty();
		assertThat(this.store.atomicPut("k", "again", null).version()).isEqualTo(2);
	}

	@Test
	void readsAreStronglyConsistentUnlessAskedOtherwise() {
		this.store.put("k", "v");
		this.store.get("k");
		this.store.exists("k");
		this.store.list("k");
		this.store.getAll(List.of("k"));
		this.store.get("k", ReadOptions.eventuallyConsistent());
		this.store.list("k", ListOptions.defaults().withEventualConsistency());
		this.store.getAll(List.of("k"), ReadOptions.eventuallyConsistent());
		assertThat(consistency()).containsExactly(true, true, true, true, false, false, false);
	}

	@Test
	void everySingleKeyOperationIsOneRequest() {
		this.store.put("k", "v");
		KVPair pair = this.store.get("k").orElseThrow();
		pair = this.store.atomicPut("k", "w", pair);
		this.store.exists("k");
		this.store.atomicDelete("k", pair);
		this.store.atomicPut("k", "x", null);
		this.store.delete("k");
		assertThat(requests).extracting((request) -> request.getClass().getSimpleName())
			.containsExactly("UpdateItemRequest", "GetItemRequest", "UpdateItemRequest", "GetItemRequest",
					"DeleteItemRequest", "UpdateItemRequest", "DeleteItemRequest");
	}

	@Test
	void listenerHearsEachOperationOnceWithItsOutcome() {
		this.store.put("k", "v");
		this.store.get("k");
		this.store.get("missing");
		assertThatExceptionOfType(KeyExistsException.class).isThrownBy(() -> this.store.atomicPut("k", "v", null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.get(""));
		this.store.list("");
		this.store.atomicDelete("missing", null);
		assertThat(this.operations).containsExactly("put:success", "get:success", "get:not-found",
				"atomic-put:conflict", "get:error", "list:success", "atomic-delete:not-found");
		assertThat(Outcome.values()).extracting(Outcome::tagValue)
			.containsExactly("success", "not-found", "conflict", "error");
	}

	@Test
	void largestValueThatFitsAnItemIsStored() {
		int max = InputLimits.maxValueBytes(this.store.partitionName(), "big", true);
		assertThat(max).isGreaterThan(400 * 1024 - 200);
		byte[] value = new byte[max];
		this.store.put("big", value, PutOptions.ttl(Duration.ofMinutes(1)));
		assertThat(this.store.get("big").orElseThrow().value()).hasSize(max);
	}

	@Test
	void valueOverTheItemLimitIsRefusedAndNothingIsWritten() {
		int max = InputLimits.maxValueBytes(this.store.partitionName(), "big", false);
		byte[] value = new byte[max + 1];
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.put("big", value))
			.withMessageContaining("item limit of 409600 bytes (400 KB)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.atomicPut("big", value, null))
			.withMessageContaining("409600 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.putAll(Map.of("big", value)))
			.withMessageContaining("409600 bytes");
		assertThat(requests).isEmpty();
		assertThat(this.store.exists("big")).isFalse();
	}

	@Test
	void putAllResetsVersionsToOne() {
		this.store.put("k", "a");
		this.store.put("k", "b");
		this.store.putAll(Map.of("k", "c".getBytes(StandardCharsets.UTF_8)));
		assertThat(this.store.get("k").orElseThrow().version()).isEqualTo(1);
	}

	@Test
	void bulkOperationsUseBatchesOfTheirLimits() {
		Map<String, byte[]> values = values(250);
		this.store.putAll(values);
		this.store.getAll(values.keySet());
		this.store.deletePrefix("");
		assertThat(count(BatchWriteItemRequest.class)).isEqualTo(20);
		assertThat(count(BatchGetItemRequest.class)).isEqualTo(3);
		assertThat(requests).allSatisfy((request) -> {
			if (request instanceof BatchWriteItemRequest write) {
				assertThat(write.requestItems().get(tableName)).hasSizeLessThanOrEqualTo(25);
			}
			if (request instanceof BatchGetItemRequest get) {
				assertThat(get.requestItems().get(tableName).keys()).hasSizeLessThanOrEqualTo(100);
			}
		});
	}

	@Test
	void unprocessedKeysAreRetriedUntilDone() {
		UnprocessingClient flaky = new UnprocessingClient(client, 6, 12);
		KeyValueStore store = builder(flaky).batchRetry(BatchRetryPolicy.defaults())
			.build()
			.partition(this.store.partitionName());
		Map<String, byte[]> values = values(250);
		store.putAll(values);
		assertThat(store.getAll(values.keySet())).hasSize(250);
		assertThat(store.deletePrefix("")).isEqualTo(250);
		assertThat(this.store.list("").items()).isEmpty();
		assertThat(flaky.unprocessed()).isGreaterThan(0);
	}

	@Test
	void keysStillUnprocessedAfterTheLastAttemptAreReported() {
		UnprocessingClient stuck = new UnprocessingClient(client, 0, Integer.MAX_VALUE);
		KeyValueStore store = builder(stuck).build().partition(this.store.partitionName());
		Map<String, byte[]> values = values(30);
		assertThatExceptionOfType(BatchIncompleteException.class).isThrownBy(() -> store.putAll(values))
			.withMessageStartingWith("put-all left 25 key(s) unprocessed after 3 attempt(s)")
			.satisfies((ex) -> assertThat(ex.getUnprocessedKeys()).hasSize(25));
		assertThatExceptionOfType(BatchIncompleteException.class).isThrownBy(() -> store.getAll(values.keySet()))
			.withMessageStartingWith("get-all left");
		assertThat(this.operations).endsWith("put-all:error", "get-all:error");
	}

	@Test
	void cursorKeepsTheListingInsideItsPartition() {
		this.store.put("a/1", "v");
		this.store.put("a/2", "v");
		String cursor = this.store.list("a/", ListOptions.defaults().withLimit(1)).cursor();
		KeyValueStore other = this.store.partition(this.store.partitionName() + "-other");
		other.put("a/3", "v");
		assertThat(other.list("a/", ListOptions.defaults().withCursor(cursor)).items()).extracting(KVPair::key)
			.containsExactly("a/3");
		QueryRequest query = (QueryRequest) requests.get(requests.size() - 1);
		assertThat(query.exclusiveStartKey().get("id").s()).isEqualTo(other.partitionName());
	}

	@Test
	void builderRefusesAShortTableName() {
		assertThatIllegalArgumentException().isThrownBy(() -> DynamoDbKeyValueStore.builder(client, "kv"))
			.withMessageContaining("tableName must be 3 to 255 characters");
	}

	@Test
	void storeWithoutCodecRefusesTypedValues() {
		KeyValueStore store = builder(client).codec(null).build();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> store.put("k", List.of(1)))
			.withMessageContaining("No ValueCodec");
		assertThat(DynamoDbKeyValueStore.builder(client, tableName).build().partitionName()).isEqualTo("default");
	}

	private Map<String, AttributeValue> rawItem(String key) {
		return client.getItem((get) -> get.tableName(tableName)
			.key(StoredItem.key(this.store.partitionName(), key))
			.consistentRead(true)).item();
	}

	private List<Boolean> consistency() {
		List<Boolean> consistent = new ArrayList<>();
		for (SdkRequest request : requests) {
			if (request instanceof GetItemRequest get) {
				consistent.add(get.consistentRead());
			}
			else if (request instanceof QueryRequest query) {
				consistent.add(query.consistentRead());
			}
			else if (request instanceof BatchGetItemRequest batch) {
				consistent.add(batch.requestItems().get(tableName).consistentRead());
			}
		}
		return consistent;
	}

	private static long count(Class<? extends SdkRequest> type) {
		return requests.stream().filter(type::isInstance).count();
	}

	private static Map<String, byte[]> values(int count) {
		Map<String, byte[]> values = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> values.put("key/" + i, new byte[] { (byte) i }));
		return values;
	}

}
