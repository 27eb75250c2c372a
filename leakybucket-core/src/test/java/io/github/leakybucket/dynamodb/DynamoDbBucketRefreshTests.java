package io.github.leakybucket.dynamodb;

import java.time.Duration;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbBucketRefreshTests {

	private static final BucketConfig HOUR_OF_TEN = BucketConfig.of(10, Duration.ofHours(1));

	private static DynamoDbClient client;

	private static DynamoDbBucketStorage storage;

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.client();
		String table = DynamoDbTestServer.uniqueTableName("refresh");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
		storage = DynamoDbBucketStorage.builder(client).tableName(table).build();
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void refreshReadsLevelThatAnotherHandleAdded() {
		Bucket writer = storage.create("shared", HOUR_OF_TEN);
		Bucket reader = storage.create("shared", HOUR_OF_TEN);
		writer.add(4);
		assertThat(reader.remaining()).as("first access reads the stored level").isEqualTo(6);
		writer.add(2);
		assertThat(reader.remaining()).as("then the last known level").isEqualTo(6);
		BucketState state = reader.refresh();
		assertThat(state.remaining()).isEqualTo(4);
		assertThat(state.admitted()).isTrue();
		assertThat(reader.state()).isEqualTo(state);
	}

	@Test
	void refreshOfAbsentBucketIsEmpty() {
		assertThat(storage.create("never-used", HOUR_OF_TEN).refresh().remaining()).isEqualTo(10);
	}

	@Test
	void refreshOfKeyedBucketReadsOnlyThatKey() {
		storage.create("per-user", "alice", HOUR_OF_TEN).add(3);
		assertThat(storage.create("per-user", "alice", HOUR_OF_TEN).refresh().remaining()).isEqualTo(7);
		assertThat(storage.create("per-user", "bob", HOUR_OF_TEN).refresh().remaining()).isEqualTo(10);
	}

	@Test
	void drainEmptiesBucketForEveryHandle() {
		Bucket first = storage.create("drained", HOUR_OF_TEN);
		Bucket second = storage.create("drained", HOUR_OF_TEN);
		first.add(10);
		assertThat(second.tryAdd(1).admitted()).isFalse();
		second.drain();
		assertThat(second.remaining()).isEqualTo(10);
		assertThat(first.refresh().remaining()).isEqualTo(10);
		assertThat(first.tryAdd(10).admitted()).isTrue();
	}

	@Test
	void drainDiscardsLocalReserve() {
		Bucket bucket = storage.create("reserved", HOUR_OF_TEN.withReserve(5));
		bucket.add(1);
		bucket.drain();
		assertThat(bucket.refresh().remaining()).isEqualTo(10);
		bucket.add(1);
		assertThat(storage.create("reserved", HOUR_OF_TEN).refresh().remaining()).isEqualTo(5);
	}

}
