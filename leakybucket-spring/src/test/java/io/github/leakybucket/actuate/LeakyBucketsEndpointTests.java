package io.github.leakybucket.actuate;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint.BucketDescriptor;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint.BucketsDescriptor;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint.StateDescriptor;
import io.github.leakybucket.circuit.InjectedFault;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.metrics.LastKnownState;
import io.github.leakybucket.metrics.LastKnownStates;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketsEndpointTests {

	private static final BucketConfig HOUR_OF_TEN = BucketConfig.of(10, Duration.ofHours(1));

	private final LastKnownStates states = new LastKnownStates();

	private DynamoDbClient client;

	private String table;

	private DynamoDbBucketStorage otherJvm;

	private DynamoDbBucketStorage storage;

	private BucketRegistry buckets;

	@BeforeEach
	void createTable() {
		this.client = DynamoDbTestServer.client();
		this.table = DynamoDbTestServer.uniqueTableName("endpoint");
		new DynamoDbTables(this.client).createIfMissing(this.table, TableLayout.BUCKETS);
		this.otherJvm = DynamoDbBucketStorage.builder(this.client).tableName(this.table).build();
		this.storage = DynamoDbBucketStorage.builder(this.client).tableName(this.table).listener(this.states).build();
		this.buckets = new BucketRegistry(this.storage, Map.of("api", HOUR_OF_TEN, "quiet", BucketConfig.of(5, Duration.ofSeconds(30)).withReserve(2)), 10);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void listsConfiguredBucketsWithLastKnownState() {
		this.buckets.bucket("api").add(3);
		Map<String, BucketDescriptor> listed = endpoint().buckets().buckets();
		assertThat(listed).containsOnlyKeys("api", "quiet");
		assertThat(listed.get("api").capacity()).isEqualTo(10);
		assertThat(listed.get("api").drainTime()).isEqualTo("PT1H");
		assertThat(listed.get("api").lastKnown().remaining()).isEqualTo(7);
		assertThat(listed.get("quiet").reserve()).isEqualTo(2);
		assertThat(listed.get("quiet").failureMode()).isEqualTo("FAIL_OPEN");
		assertThat(listed.get("quiet").lastKnown()).isNull();
		assertThat(listed.get("api").circuit()).isEqualTo("CLOSED");
	}

	@Test
	void listsAnOpenCircuit() {
		InjectedFault fault = new InjectedFault();
		try (DynamoDbClient faulty = fault.client()) {
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(faulty).tableName(this.table).build();
			BucketRegistry buckets = new BucketRegistry(storage, Map.of("api", HOUR_OF_TEN), 10);
			fault.openCircuit(buckets, "api");
			assertThat(new LeakyBucketsEndpoint(buckets, storage, this.states).buckets().buckets().get("api").circuit())
				.isEqualTo("OPEN");
		}
	}

	@Test
	void listingNeverNamesAKey() {
		this.buckets.bucket("api", "alice@example.com").add(3);
		BucketsDescriptor listed = endpoint().buckets();
		assertThat(listed.buckets().get("api").lastKnown().remaining()).isEqualTo(7);
		assertThat(listed).asString().doesNotContain("alice");
	}

	@Test
	void readingOneKeyLeavesTheHandleCacheAndTheLastKnownStateAlone() {
		this.otherJvm.create("api", "mallory", HOUR_OF_TEN).add(8);
		this.buckets.bucket("api", "alice").add(3);
		LastKnownState before = this.states.get("api");
		StateDescriptor read = endpoint().bucket("api", "mallory");
		assertThat(read.remaining()).isEqualTo(2);
		assertThat(this.buckets.keyedBucketCount()).isOne();
		assertThat(this.states.get("api")).isSameAs(before);
		assertThat(endpoint().buckets().buckets().get("api").lastKnown().remaining()).isEqualTo(7);
	}

	@Test
	void readsCurrentStateFromDynamoDb() {
		this.otherJvm.create("api", HOUR_OF_TEN).add(4);
		this.otherJvm.create("api", "alice", HOUR_OF_TEN).add(9);
		StateDescriptor state = endpoint().bucket("api");
		assertThat(state.remaining()).isEqualTo(6);
		assertThat(state.key()).isNull();
		StateDescriptor keyed = endpoint().bucket("api", "alice");
		assertThat(keyed.remaining()).isEqualTo(1);
		assertThat(keyed.key()).isEqualTo("alice");
	}

	@Test
	void unknownBucketReadsAsNull() {
		assertThat(endpoint().bucket("nope")).isNull();
	}

	@Test
	void drainEmptiesBucket() {
		this.buckets.bucket("api").add(10);
		this.buckets.bucket("api", "alice").add(10);
		LeakyBucketsEndpoint endpoint = endpoint();
		assertThat(endpoint.drain("api").getStatus()).isEqualTo(200);
		assertThat(endpoint.drain("api", "alice").getStatus()).isEqualTo(200);
		assertThat(this.otherJvm.create("api", HOUR_OF_TEN).refresh().remaining()).isEqualTo(10);
		assertThat(this.otherJvm.create("api", "alice", HOUR_OF_TEN).refresh().remaining()).isEqualTo(10);
		assertThat(endpoint.drain("nope").getStatus()).isEqualTo(404);
	}

	private LeakyBucketsEndpoint endpoint() {
		return new LeakyBucketsEndpoint(this.buckets, this.storage, this.states);
	}

}
