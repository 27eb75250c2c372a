package io.github.leakybucket.metrics;

import java.time.Duration;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class BucketMetricsDynamoDbTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LastKnownStates states = new LastKnownStates();

	private final BucketMetrics metrics = new BucketMetrics(this.registry, this.states);

	private DynamoDbClient client;

	private DynamoDbBucketStorage storage;

	@BeforeEach
	void createTable() {
		this.client = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addMetricPublisher(new DynamoDbRequestMetrics(this.registry)))
			.build();
		String table = DynamoDbTestServer.uniqueTableName("metrics");
		new DynamoDbTables(this.client).createIfMissing(table, TableLayout.BUCKETS);
		this.storage = DynamoDbBucketStorage.builder(this.client).tableName(table).listener(new DecisionListener() {

			@Override
			public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
				BucketMetricsDynamoDbTests.this.states.onDecision(bucket, state, source);
				BucketMetricsDynamoDbTests.this.metrics.onDecision(bucket, state, source);
			}

		}).build();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void countersReadExactlyAdmittedAndRejectedCalls() {
		Bucket bucket = this.storage.create("api", BucketConfig.of(7, Duration.ofHours(1)));
		int admitted = 0;
		int rejected = 0;
		for (int i = 0; i < 12; i++) {
			if (bucket.tryAdd(1).admitted()) {
				admitted++;
			}
			else {
				rejected++;
			}
		}
		assertThat(admitted).isEqualTo(7);
		assertThat(rejected).isEqualTo(5);
		assertThat(this.registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", "api", "outcome", "admitted")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum()).isEqualTo(7);
		assertThat(this.registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", "api", "outcome", "rejected")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum()).isEqualTo(5);
		assertThat(this.registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", "api", "outcome", "admitted", "source", "storage")
			.counter()
			.count()).isEqualTo(7);
	}

	@Test
	void remainingAndFillMatchTheBucket() {
		Bucket bucket = this.storage.create("api", BucketConfig.of(10, Duration.ofHours(1)));
		bucket.add(3);
		bucket.add(1);
		assertThat(this.registry.get(BucketMetrics.REMAINING).tag("bucket", "api").gauge().value())
			.isEqualTo(bucket.remaining())
			.isEqualTo(6);
		assertThat(this.registry.get(BucketMetrics.FILL).tag("bucket", "api").gauge().value())
			.isCloseTo(bucket.state().fill(), within(0.001));
		assertThat(this.registry.get(BucketMetrics.CAPACITY).tag("bucket", "api").gauge().value()).isEqualTo(10);
	}

	@Test
	void dynamoDbCallsAreTimedByOperationAndOutcome() {
		Bucket bucket = this.storage.create("api", BucketConfig.of(10, Duration.ofHours(1)));
		bucket.add(1);
		bucket.refresh();
		assertThat(this.registry.get(DynamoDbRequestMetrics.REQUESTS)
			.tags("operation", "UpdateItem", "outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(DynamoDbRequestMetrics.REQUESTS)
			.tags("operation", "GetItem", "outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> this.client.describeTable((request) -> request.tableName("no-such-table")));
		assertThat(this.registry.get(DynamoDbRequestMetrics.REQUESTS)
			.tags("operation", "DescribeTable", "outcome", "failure")
			.timer()
			.count()).isEqualTo(1);
	}

}
