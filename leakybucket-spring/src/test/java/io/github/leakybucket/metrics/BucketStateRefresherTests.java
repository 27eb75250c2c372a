package io.github.leakybucket.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class BucketStateRefresherTests {

	private static final Map<String, BucketConfig> CONFIGS = Map.of("api", BucketConfig.of(10, Duration.ofHours(1)));

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

	private final LastKnownStates states = new LastKnownStates(this.now::get);

	private DynamoDbClient client;

	private DynamoDbBucketStorage otherJvm;

	private BucketRegistry buckets;

	@BeforeEach
	void createTable() {
		this.client = DynamoDbTestServer.client();
		String table = DynamoDbTestServer.uniqueTableName("refresher");
		new DynamoDbTables(this.client).createIfMissing(table, TableLayout.BUCKETS);
		this.otherJvm = DynamoDbBucketStorage.builder(this.client).tableName(table).build();
		this.buckets = new BucketRegistry(
				DynamoDbBucketStorage.builder(this.client).tableName(table).listener(this.states).build(), CONFIGS, 10);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void tracksConfiguredBucketsWithoutState() {
		new BucketStateRefresher(this.buckets, this.states, null);
		assertThat(this.states.get("api").isObserved()).isFalse();
	}

	@Test
	void refreshesBucketNeverSeen() {
		BucketStateRefresher refresher = new BucketStateRefresher(this.buckets, this.states, Duration.ofMinutes(1));
		this.otherJvm.create("api", CONFIGS.get("api")).add(4);
		assertThat(refresher.refreshStale()).isEqualTo(1);
		assertThat(this.states.get("api").state().remaining()).isEqualTo(6);
	}

	@Test
	void refreshesOnlyStatesAtLeastOneIntervalOld() {
		BucketStateRefresher refresher = new BucketStateRefresher(this.buckets, this.states, Duration.ofMinutes(1));
		this.buckets.bucket("api").add(1);
		this.otherJvm.create("api", CONFIGS.get("api")).add(4);
		assertThat(refresher.refreshStale()).isZero();
		assertThat(this.states.get("api").state().remaining()).isEqualTo(9);
		this.now.set(this.now.get().plus(Duration.ofMinutes(1)));
		assertThat(refresher.refreshStale()).isEqualTo(1);
		assertThat(this.states.get("api").state().remaining()).isEqualTo(5);
		assertThat(this.states.get("api").age(this.now.get())).isZero();
	}

	@Test
	void refreshesThroughLastUsedKeyOfPerKeyBucket() {
		BucketStateRefresher refresher = new BucketStateRefresher(this.buckets, this.states, Duration.ofMinutes(1));
		this.buckets.bucket("api", "alice").add(2);
		this.otherJvm.create("api", "alice", CONFIGS.get("api")).add(3);
		this.now.set(this.now.get().plus(Duration.ofMinutes(2)));
		refresher.refreshStale();
		assertThat(this.states.get("api").bucket().key()).isEqualTo("alice");
		assertThat(this.states.get("api").state().remaining()).isEqualTo(5);
	}

}
