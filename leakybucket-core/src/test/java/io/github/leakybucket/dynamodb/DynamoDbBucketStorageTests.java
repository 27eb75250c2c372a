package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.BucketStorageContractTests;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The storage contract on DynamoDB, plus what only DynamoDB has: requests per decision, the item, TTL, local
 * rejection, reserve-ahead and failures.
 */
class DynamoDbBucketStorageTests extends BucketStorageContractTests {

	private static final CountingInterceptor requests = new CountingInterceptor();

	private static DynamoDbClient client;

	private static String table;

	private final List<String> events = new ArrayList<>();

	private final DecisionListener listener = new DecisionListener() {

		@Override
		public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
			record(source + (state.admitted() ? " admitted" : " rejected"));
		}

		@Override
		public void onError(Bucket bucket, RuntimeException error, BucketState state) {
			record("error " + (state.admitted() ? "admitted" : "rejected"));
		}

	};

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(requests)
				.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		table = DynamoDbTestServer.uniqueTableName("buckets");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void resetCounts() {
		requests.reset();
	}

	@Override
	protected BucketStorage createStorage(MutableClock clock) {
		return storage(clock, true);
	}

	private DynamoDbBucketStorage storage(MutableClock clock, boolean localRejection) {
		return DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(clock)
			.listener(this.listener)
			.localRejection(localRejection)
			.build();
	}

	@Override
	protected void assertNothingStored(String name) {
		assertThat(storedItem(name)).isEmpty();
	}

	private synchronized void record(String event) {
		this.events.add(event);
	}

	private synchronized List<String> events() {
		return List.copyOf(this.events);
	}

	private static Map<String, AttributeValue> storedItem(String itemName) {
		return client.getItem((get) -> get.tableName(table)
			.consistentRead(true)
			.key(Map.of("name", AttributeValue.fromS(itemName)))).item();
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	@Test
	void createMakesNoRequest() {
		this.storage.create(uniqueName(), 10, DRAIN);
		this.storage.create(uniqueName(), "key", BucketConfig.of(10, DRAIN));
		assertThat(requests.total()).isZero();
	}

	@Test
	void itemIsNameTatAndTtlAfterTheBucketHasDrained() {
		String name = uniqueName();
		this.storage.create(name, 10, DRAIN).add(4);
		Map<String, AttributeValue> item = storedItem(name);
		assertThat(item).containsOnlyKeys("name", "tat", "_ttl");
		long now = epochNanos(this.clock.instant());
		assertThat(Long.parseLong(item.get("tat").n())).isEqualTo(now + 4_000_000_000L);
		long drainedSecond = (now + DRAIN.toNanos() + 999_999_999L) / 1_000_000_000L;
		assertThat(Long.parseLong(item.get("_ttl").n())).isEqualTo(drainedSecond + 60);
	}

	@Test
	void expiredItemNotYetDeletedBehavesAsEmpty() {
		String name = uniqueName();
		long past = epochNanos(this.clock.instant().minusSeconds(3600));
		client.putItem((put) -> put.tableName(table)
			.item(Map.of("name", AttributeValue.fromS(name), "tat", AttributeValue.fromN(Long.toString(past)),
					"_ttl", AttributeValue.fromN(Long.toString(past / 1_000_000_000L)))));
		requests.reset();
		Bucket bucket = this.storage.create(name, 10, DRAIN);
		assertThat(bucket.add(10).remaining()).isZero();
		assertThat(requests.total()).isEqualTo(1);
	}

	@Test
	void everyDecisionIsExactlyOneRequestAdmittedOrRejected() {
		DynamoDbBucketStorage remoteOnly = storage(this.clock, false);
		requests.reset();
		Bucket bucket = remoteOnly.create(uniqueName(), 5, DRAIN);
		for (int i = 1; i <= 5; i++) {
			assertThat(bucket.tryAdd(1).admitted()).isTrue();
			assertThat(requests.count(UpdateItemRequest.class)).isEqualTo(i);
		}
		for (int i = 1; i <= 5; i++) {
			assertThat(bucket.tryAdd(1).admitted()).isFalse();
			assertThat(requests.count(UpdateItemRequest.class)).isEqualTo(5 + i);
		}
		assertThat(requests.total()).isEqualTo(10);
		assertThat(events()).containsOnly("STORAGE admitted", "STORAGE rejected");
	}

	@Test
	void freshHandlesRejectWithOneRequest() {
		String name = uniqueName();
		this.storage.create(name, 5, DRAIN).add(5);
		requests.reset();
		for (int i = 0; i < 5; i++) {
			assertThat(this.storage.create(name, 5, DRAIN).tryAdd(1).admitted()).isFalse();
		}
		assertThat(requests.total()).isEqualTo(5);
	}

	@Test
	void wrongGuessCostsTwoRequestsAtMost() {
		String name = uniqueName();
		Bucket stale = this.storage.create(name, 10, DRAIN);
		Bucket other = this.storage.create(name, 10, DRAIN);
		stale.add(1);
		this.clock.advance(Duration.ofSeconds(2));
		other.add(5);
		requests.reset();
		assertThat(stale.add(1).remaining()).isEqualTo(4);
		assertThat(requests.total()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(20));
		other.add(1);
		requests.reset();
		assertThat(stale.add(1).remaining()).isEqualTo(8);
		assertThat(requests.total()).isEqualTo(2);
	}

	@Test
	void certainRejectionIsAnsweredLocallyWithoutARequest() {
		Bucket bucket = this.storage.create(uniqueName(), 10, DRAIN);
		bucket.add(9);
		requests.reset();
		BucketState rejected = bucket.tryAdd(2);
		assertThat(rejected.admitted()).isFalse();
		assertThat(rejected.remaining()).isEqualTo(1);
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(requests.total()).isZero();
		assertThat(events()).containsExactly("STORAGE admitted", "LOCAL rejected");
		assertThat(bucket.add(1).remaining()).isZero();
		assertThat(requests.total()).isEqualTo(1);
	}

	@Test
	void localRejectionNeverRejectsWhatWouldFit() {
		Bucket bucket = this.storage.create(uniqueName(), 10, DRAIN);
		bucket.add(10);
		this.clock.advance(Duration.ofMillis(999));
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(bucket.tryAdd(1).admitted()).isTrue();
	}

	@Test
	void reserveHandsOutUnitsLocallyAfterOneWrite() {
		Bucket bucket = this.storage.create(uniqueName(), BucketConfig.of(100, DRAIN).withReserve(10));
		for (int i = 0; i < 10; i++) {
			assertThat(bucket.tryAdd(1).admitted()).isTrue();
		}
		assertThat(requests.total()).isEqualTo(1);
		assertThat(bucket.tryAdd(1).admitted()).isTrue();
		assertThat(requests.total()).isEqualTo(2);
		assertThat(events().stream().filter((event) -> event.startsWith("LOCAL"))).hasSize(9);
	}

	@Test
	void reserveSkipsUnitsWhoseSlotHasStartedDraining() {
		Bucket bucket = this.storage.create(uniqueName(), BucketConfig.of(10, DRAIN).withReserve(10));
		bucket.add(1);
		this.clock.advance(Duration.ofMillis(2500));
		int local = 0;
		while (bucket.tryAdd(1).admitted() && requests.total() == 1) {
			local++;
		}
		assertThat(local).isEqualTo(7);
	}

	@Test
	void reserveWritesWholeBlocksOnABusyBucket() {
		Bucket bucket = this.storage.create(uniqueName(), BucketConfig.of(10, Duration.ofSeconds(1)).withReserve(5));
		for (int i = 0; i < 10; i++) {
			assertThat(bucket.tryAdd(1).admitted()).isTrue();
		}
		assertThat(requests.total()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(100));
		BucketState waiting = bucket.tryAdd(1);
		assertThat(waiting.admitted()).isFalse();
		assertThat(waiting.remaining()).isEqualTo(1);
		assertThat(waiting.retryAfter()).isEqualTo(Duration.ofMillis(400));
		assertThat(requests.total()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(400));
		for (int i = 0; i < 5; i++) {
			assertThat(bucket.tryAdd(1).admitted()).isTrue();
		}
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
		assertThat(requests.total()).isEqualTo(3);
	}

	@Test
	void reserveTakesWhatFitsWhenAFullBlockDoesNot() {
		String name = uniqueName();
		this.storage.create(name, 10, DRAIN).add(7);
		Bucket bucket = this.storage.create(name, BucketConfig.of(10, DRAIN).withReserve(5));
		requests.reset();
		assertThat(bucket.tryAdd(1).admitted()).isTrue();
		assertThat(requests.total()).isEqualTo(2);
		assertThat(bucket.tryAdd(2).admitted()).isTrue();
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
		assertThat(requests.total()).isEqualTo(2);
	}

	@Test
	void largerAmountThanTheReserveHoldsIsWrittenWholeAndKeepsTheReserve() {
		Bucket bucket = this.storage.create(uniqueName(), BucketConfig.of(10, DRAIN).withReserve(3));
		assertThat(bucket.add(1).remaining()).isEqualTo(9);
		assertThat(requests.total()).isEqualTo(1);
		assertThat(bucket.add(6).remaining()).as("1 free in the bucket, 2 in the reserve").isEqualTo(3);
		assertThat(requests.total()).isEqualTo(2);
		assertThat(bucket.add(2).remaining()).as("from the reserve").isEqualTo(1);
		assertThat(requests.total()).isEqualTo(2);
		BucketState heldBack = bucket.tryAdd(1);
		assertThat(heldBack.admitted()).as("less than a block of room is held back").isFalse();
		assertThat(requests.total()).isEqualTo(2);
	}

	@Test
	void missingTableFailsAtBuildNamingTheTableAndTheSchema() {
		requests.reset();
		assertThatExceptionOfType(TableSchemaException.class)
			.isThrownBy(() -> DynamoDbBucketStorage.builder(client).tableName("no-such-table").build())
			.withMessageContaining("'no-such-table'")
			.withMessageContaining("it does not exist")
			.withMessageContaining("hash key 'name' (S)");
		assertThat(requests.total()).isEqualTo(1);
	}

	@Test
	void missingTableWithoutVerificationFailsOpenOrClosedAndTellsTheListener() {
		DynamoDbBucketStorage noTable = DynamoDbBucketStorage.builder(client)
			.tableName("no-such-table")
			.verifyTable(false)
			.clock(this.clock)
			.listener(this.listener)
			.build();
		BucketConfig config = BucketConfig.of(1, DRAIN);
		Bucket open = noTable.create(uniqueName(), config);
		BucketState admitted = open.tryAdd(1);
		assertThat(admitted.admitted()).isTrue();
		assertThat(admitted.storageFailed()).isTrue();
		assertThat(open.tryAdd(1).admitted()).isTrue();
		Bucket closed = noTable.create(uniqueName(), config.withFailureMode(FailureMode.FAIL_CLOSED));
		BucketState rejected = closed.tryAdd(1);
		assertThat(rejected.admitted()).isFalse();
		assertThat(rejected.storageFailed()).isTrue();
		assertThat(events()).containsExactly("error admitted", "error admitted", "error rejected");
	}

}
