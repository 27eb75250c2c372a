package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An item under a bucket's name that this library did not write, such as one of Clever's Go library sharing the
 * table, is reported and left alone: never overwritten, never a reason to admit.
 */
class DynamoDbBucketForeignItemTests {

	private static DynamoDbClient client;

	private static String table;

	private final ExecutorService caller = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.client();
		table = DynamoDbTestServer.uniqueTableName("foreign");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@AfterEach
	void stopCaller() {
		this.caller.shutdownNow();
	}

	static Stream<Arguments> foreignItems() {
		return Stream.of(
				Arguments.of("clever", Map.of("value", AttributeValue.fromN("3"), "reset",
						AttributeValue.fromN("1764000000000")), "value"),
				Arguments.of("string-tat", Map.of("tat", AttributeValue.fromS("1764000000000000000")),
						"1764000000000000000"),
				Arguments.of("negative-tat", Map.of("tat", AttributeValue.fromN("-5")), "-5"),
				Arguments.of("huge-tat", Map.of("tat", AttributeValue.fromN("1000000000000000000000000000000")),
						"1000000000000000000000000000000"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("foreignItems")
	void decisionsOnAForeignItemThrowAndLeaveItAlone(String kind, Map<String, AttributeValue> attributes,
			String named) throws Exception {
		String name = kind + "-" + System.nanoTime();
		Map<String, AttributeValue> item = new HashMap<>(attributes);
		item.put(TableLayout.BUCKETS.hashKey(), AttributeValue.fromS(name));
		client.putItem((put) -> put.tableName(table).item(item));
		Bucket bucket = DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.requestTimeout(Duration.ofSeconds(10))
			.build()
			.create(name, BucketConfig.of(10, Duration.ofSeconds(10)));

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> this.caller.submit(() -> bucket.tryAdd(1)).get(20, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(MalformedBucketItemException.class,
						(ex) -> assertThat(ex.getItemName()).isEqualTo(name))
				.withMessageContaining(name)
				.withMessageContaining(named);
		}
		assertThat(stored(name)).isEqualTo(item);
	}

	private static Map<String, AttributeValue> stored(String name) {
		return client
			.getItem((get) -> get.tableName(table)
				.key(Map.of(TableLayout.BUCKETS.hashKey(), AttributeValue.fromS(name)))
				.consistentRead(true))
			.item();
	}

}
