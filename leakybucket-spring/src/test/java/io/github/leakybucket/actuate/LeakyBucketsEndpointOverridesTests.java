package io.github.leakybucket.actuate;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint.LimitDescriptor;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint.StateDescriptor;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.limits.Limit;
import io.github.leakybucket.limits.StaticLimits;
import io.github.leakybucket.metrics.LastKnownStates;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-key limits in the {@code leakybuckets} endpoint.
 */
class LeakyBucketsEndpointOverridesTests {

	private DynamoDbClient client;

	private LeakyBucketsEndpoint endpoint;

	private BucketRegistry buckets;

	@BeforeEach
	void createEndpoint() {
		this.client = DynamoDbTestServer.client();
		String table = DynamoDbTestServer.uniqueTableName("endpoint-limits");
		new DynamoDbTables(this.client).createIfMissing(table, TableLayout.BUCKETS);
		DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(this.client)
			.tableName(table)
			.requestTimeout(Duration.ofSeconds(30))
			.build();
		this.buckets = new BucketRegistry(storage,
				Map.of("notes", BucketConfig.of(3, Duration.ofHours(1)), "api", BucketConfig.of(10, Duration.ofHours(1))),
				10, new StaticLimits(Map.of("notes", Map.of("vip", new Limit(6, Duration.ofHours(1))))));
		this.endpoint = new LeakyBucketsEndpoint(this.buckets, storage, new LastKnownStates());
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void listsEachBucketsOverrides() {
		assertThat(this.endpoint.buckets().buckets().get("notes").overrides())
			.containsExactly(Map.entry("vip", new LimitDescriptor(6, "PT1H")));
		assertThat(this.endpoint.buckets().buckets().get("api").overrides()).isEmpty();
	}

	@Test
	void readsAKeyWithItsOwnLimit() {
		this.buckets.bucket("notes", "vip").add(4);
		StateDescriptor vip = this.endpoint.bucket("notes", "vip");
		assertThat(vip.capacity()).isEqualTo(6);
		assertThat(vip.remaining()).isEqualTo(2);
		assertThat(this.endpoint.bucket("notes", "alice").capacity()).isEqualTo(3);
	}

}
