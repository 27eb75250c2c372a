package io.github.leakybucket.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key limits in a {@link BucketRegistry} on DynamoDB Local: which handle a key gets, and exactly what a changed
 * limit does to the level its stored item holds. The clock is the test's; the limits are changed by hand. Generous
 * request timeouts keep a slow call on a busy machine from being answered by the failure mode.
 */
class PerKeyLimitTests {

	private static final BucketConfig THREE_PER_HOUR = BucketConfig.of(3, Duration.ofHours(1));

	/** Keeps a slow request on a busy machine from being answered by the failure mode. */
	private static final Duration GENEROUS = Duration.ofSeconds(30);

	private static final CountingInterceptor requests = new CountingInterceptor();

	private static DynamoDbClient client;

	private static String table;

	private final MutableClock clock = MutableClock.atSystemTime();

	private final Map<String, Limit> limits = new ConcurrentHashMap<>();

	private final List<Duration> skews = new CopyOnWriteArrayList<>();

	private BucketRegistry registry;

	private String name;

	@BeforeAll
	static void createTables() {
		client = requests.client();
		table = DynamoDbTestServer.uniqueTableName("per-key");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void createRegistry() {
		this.name = "notes" + System.nanoTime();
		DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(this.clock)
			.requestTimeout(GENEROUS)
			.listener(new DecisionListener() {

				@Override
				public void onClockSkew(Bucket bucket, Duration ahead) {
					PerKeyLimitTests.this.skews.add(ahead);
				}

			})
			.build();
		this.registry = new BucketRegistry(storage,
				Map.of(this.name, THREE_PER_HOUR, "reserved", THREE_PER_HOUR.withReserve(2)), 100,
				(bucket, key) -> Optional.ofNullable(this.limits.get(key)));
	}

	@Test
	void keyWithALimitHoldsItsCapacityAndOthersTheBuckets() {
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		Bucket vip = this.registry.bucket(this.name, "vip");
		assertThat(vip.capacity()).isEqualTo(6);
		assertThat(admitted(vip, 7)).isEqualTo(6);
		Bucket alice = this.registry.bucket(this.name, "alice");
		assertThat(alice.capacity()).isEqualTo(3);
		assertThat(admitted(alice, 4)).isEqualTo(3);
		assertThat(this.registry.config(this.name, "vip"))
			.isEqualTo(BucketConfig.of(6, Duration.ofHours(1)).withFailureMode(FailureMode.FAIL_OPEN));
	}

	@Test
	void keyIsStoredInTheSameItemWhateverItsLimit() {
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		this.registry.bucket(this.name, "vip").add(4);
		Map<String, AttributeValue> item = client
			.getItem((request) -> request.tableName(table).key(Map.of("name", AttributeValue.fromS(this.name + "#vip"))))
			.item();
		assertThat(item).containsKey("tat");
		this.limits.remove("vip");
		// 4 of 6 units in an hour is 40 minutes of backlog: 2 of 3 units at the bucket's own limit.
		assertThat(this.registry.bucket(this.name, "vip").refresh().remaining()).isEqualTo(1);
	}

	@Test
	void handleIsReusedUntilItsLimitChangesAndThenReplaced() {
		Bucket before = this.registry.bucket(this.name, "vip");
		assertThat(this.registry.bucket(this.name, "vip")).isSameAs(before);
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		Bucket after = this.registry.bucket(this.name, "vip");
		assertThat(after).isNotSameAs(before);
		assertThat(after.capacity()).isEqualTo(6);
		assertThat(this.registry.bucket(this.name, "vip")).isSameAs(after);
		assertThat(this.registry.keyedBucketCount()).isOne();
	}

	@Test
	void lookingUpALimitedKeyMakesNoRequest() {
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		requests.reset();
		for (int i = 0; i < 1_000; i++) {
			this.registry.bucket(this.name, "vip");
			this.registry.bucket(this.name, "user-" + i);
		}
		assertThat(requests.total()).isZero();
	}

	@Test
	void raisedCapacityKeepsTheBacklogSoTheBucketIsAsFullAsAFraction() {
		Bucket bucket = this.registry.bucket(this.name, "vip");
		bucket.add(2);
		assertThat(bucket.remaining()).isEqualTo(1);
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		// 40 minutes of backlog is two thirds of an hour: 4 of 6 units.
		assertThat(this.registry.bucket(this.name, "vip").refresh().remaining()).isEqualTo(2);
		assertThat(admitted(this.registry.bucket(this.name, "vip"), 3)).isEqualTo(2);
	}

	@Test
	void loweredCapacityRejectsUntilTheBacklogHasDrainedBelowItsLimit() {
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		this.registry.bucket(this.name, "vip").add(5);
		this.limits.put("vip", new Limit(3, Duration.ofHours(1)));
		Bucket lowered = this.registry.bucket(this.name, "vip");
		// 50 minutes of backlog is 2.5 of 3 units: none fits until it is down to 40 minutes.
		BucketState rejected = lowered.tryAdd(1);
		assertThat(rejected.admitted()).isFalse();
		assertThat(rejected.remaining()).isZero();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofMinutes(10));
		this.clock.advance(Duration.ofMinutes(10).minusNanos(1));
		assertThat(lowered.tryAdd(1).admitted()).isFalse();
		this.clock.advance(Duration.ofNanos(1));
		BucketState admitted = lowered.tryAdd(1);
		assertThat(admitted.admitted()).isTrue();
		assertThat(admitted.remaining()).isZero();
		assertThat(this.skews).isEmpty();
	}

	@Test
	void raisedDrainTimeReadsTheBacklogAtTheSlowerRate() {
		this.limits.put("vip", new Limit(3, Duration.ofMinutes(1)));
		this.registry.bucket(this.name, "vip").add(3);
		this.limits.put("vip", new Limit(3, Duration.ofMinutes(2)));
		// 60 seconds of backlog is half of two minutes: 1.5 of 3 units.
		assertThat(this.registry.bucket(this.name, "vip").refresh().remaining()).isEqualTo(1);
		assertThat(this.skews).isEmpty();
	}

	@Test
	void drainTimeLoweredBelowTheBacklogIsReadAsClockSkewAndFillsTheBucket() {
		this.limits.put("vip", new Limit(6, Duration.ofMinutes(1)));
		this.registry.bucket(this.name, "vip").add(6);
		this.limits.put("vip", new Limit(3, Duration.ofSeconds(9)));
		Bucket lowered = this.registry.bucket(this.name, "vip");
		// 60 seconds of backlog against a 9-second drain time: 51 seconds are taken for a clock running ahead.
		BucketState full = lowered.refresh();
		assertThat(full.remaining()).isZero();
		assertThat(this.skews).containsExactly(Duration.ofSeconds(51));
		BucketState rejected = lowered.tryAdd(1);
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(3));
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(lowered.tryAdd(1).admitted()).isTrue();
		assertThat(lowered.tryAdd(1).admitted()).as("never more than the new rate").isFalse();
	}

	@Test
	void reserveIsKeptAtMostTheKeysCapacity() {
		this.limits.put("tiny", new Limit(1, Duration.ofHours(1)));
		assertThat(this.registry.config("reserved", "tiny").reserve()).isOne();
		assertThat(this.registry.config("reserved", "alice").reserve()).isEqualTo(2);
		Bucket tiny = this.registry.bucket("reserved", "tiny");
		assertThat(admitted(tiny, 2)).isOne();
	}

	@Test
	void unitsReservedAheadByAReplacedHandleDrainAway() {
		Bucket before = this.registry.bucket("reserved", "alice");
		// One write of a block of 2: one unit for this call, one held by the handle, 40 minutes of backlog.
		assertThat(before.add(1).remaining()).isEqualTo(2);
		this.limits.put("alice", new Limit(6, Duration.ofHours(1)));
		Bucket after = this.registry.bucket("reserved", "alice");
		// The held unit stays written: 40 of 60 minutes is 4 of 6 units.
		assertThat(after.refresh().remaining()).isEqualTo(2);
		assertThat(this.registry.config("reserved", "alice").reserve()).isEqualTo(2);
	}

	@Test
	void bucketWithoutKeysKeepsItsConfiguration() {
		this.limits.put("vip", new Limit(6, Duration.ofHours(1)));
		assertThat(this.registry.bucket(this.name).capacity()).isEqualTo(3);
	}

	@Test
	void keyValueStoreLimitTakesEffectAfterARefreshWithoutNewRequestsPerDecision() {
		String kvTable = DynamoDbTestServer.uniqueTableName("per-key-kv");
		new DynamoDbTables(client).createIfMissing(kvTable, TableLayout.KEY_VALUE);
		try (KeyValueStoreLimitResolver resolver = KeyValueStoreLimitResolver
			.builder(DynamoDbKeyValueStore.builder(client, kvTable).build())
			.refreshInterval(Duration.ofHours(1))
			.build()) {
			BucketRegistry registry = new BucketRegistry(
					DynamoDbBucketStorage.builder(client)
						.tableName(table)
						.clock(this.clock)
						.requestTimeout(GENEROUS)
						.build(),
					Map.of(this.name, THREE_PER_HOUR), 100, resolver);
			assertThat(admitted(registry.bucket(this.name, "vip"), 4)).isEqualTo(3);
			resolver.put(this.name, "vip", new Limit(6, Duration.ofHours(2)));
			assertThat(registry.bucket(this.name, "vip").capacity()).as("until the next refresh").isEqualTo(3);
			resolver.refresh();
			Bucket raised = registry.bucket(this.name, "vip");
			assertThat(raised.capacity()).isEqualTo(6);
			// An hour of backlog is half of two hours: 3 of 6 units.
			requests.reset();
			assertThat(admitted(raised, 4)).isEqualTo(3);
			assertThat(requests.total()).as("one write per admitted unit, one refused write that tells the level")
				.isEqualTo(4);
			assertThat(registry.limits(this.name)).containsOnlyKeys("vip");
		}
	}

	private static int admitted(Bucket bucket, int calls) {
		int admitted = 0;
		for (int i = 0; i < calls; i++) {
			BucketState state = bucket.tryAdd(1);
			assertThat(state.storageFailed()).as("storage failed").isFalse();
			if (state.admitted()) {
				admitted++;
			}
		}
		return admitted;
	}

}
