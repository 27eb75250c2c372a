package io.github.leakybucket.autoconfigure.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.actuate.LeakyBucketHealthIndicator;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.kv.KeyValueStoreAutoConfiguration;
import io.github.leakybucket.autoconfigure.metrics.LeakyBucketMetricsAutoConfiguration;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.metrics.BucketMetrics;
import io.github.leakybucket.metrics.DynamoDbRequestMetrics;
import io.github.leakybucket.metrics.KeyValueStoreMetrics;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole auto-configured stack on DynamoDB Local: metrics, endpoint and health of the same buckets. Generous
 * timeouts and no retries keep a slow call on a busy machine from failing open or being retried, which would change
 * the counts.
 */
class ObservabilityIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("com.amazonaws.services.dynamodbv2.local"))
		.withConfiguration(AutoConfigurations.of(LeakyBucketDynamoDbAutoConfiguration.class,
				LeakyBucketAutoConfiguration.class, LeakyBucketMetricsAutoConfiguration.class,
				LeakyBucketEndpointAutoConfiguration.class, LeakyBucketHealthContributorAutoConfiguration.class,
				KeyValueStoreAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("leakybucket.dynamodb.endpoint=" + DynamoDbTestServer.endpoint(),
				"leakybucket.dynamodb.region=us-east-1", "leakybucket.dynamodb.credentials.access-key=leakybucket",
				"leakybucket.dynamodb.credentials.secret-key=leakybucket", "leakybucket.dynamodb.create-tables=true",
				"leakybucket.dynamodb.tables.buckets=" + DynamoDbTestServer.uniqueTableName("observed"),
				"leakybucket.dynamodb.tables.kv=" + DynamoDbTestServer.uniqueTableName("observed-kv"),
				"leakybucket.buckets.api.capacity=6", "leakybucket.buckets.api.drain-time=1h",
				"leakybucket.buckets.per-user.capacity=3", "leakybucket.buckets.per-user.drain-time=1h",
				"management.endpoints.web.exposure.include=leakybuckets",
				"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
				"leakybucket.dynamodb.max-retries=0");

	@Test
	void countersReadExactlyTheAdmittedAndRejectedCalls() {
		this.contextRunner.run((context) -> {
			Bucket api = context.getBean(BucketRegistry.class).bucket("api");
			int admitted = 0;
			int rejected = 0;
			for (int i = 0; i < 10; i++) {
				if (api.tryAdd(1).admitted()) {
					admitted++;
				}
				else {
					rejected++;
				}
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(decisions(registry, "api", "admitted")).isEqualTo(admitted).isEqualTo(6);
			assertThat(decisions(registry, "api", "rejected")).isEqualTo(rejected).isEqualTo(4);
			assertThat(decisions(registry, "api", "error")).isZero();
			assertThat(registry.get(BucketMetrics.REMAINING).tag("bucket", "api").gauge().value())
				.isEqualTo(api.remaining())
				.isZero();
			assertThat(registry.get(BucketMetrics.FILL).tag("bucket", "api").gauge().value())
				.isCloseTo(api.state().fill(), within(0.001));
			assertThat(registry.get(DynamoDbRequestMetrics.REQUESTS)
				.tags("operation", "UpdateItem", "outcome", "success")
				.timer()
				.count()).isPositive();
		});
	}

	@Test
	void perKeyBucketsAreCountedUnderTheirName() {
		this.contextRunner.run((context) -> {
			BucketRegistry buckets = context.getBean(BucketRegistry.class);
			buckets.bucket("per-user", "alice").add(3);
			buckets.bucket("per-user", "bob").add(1);
			buckets.bucket("per-user", "alice").tryAdd(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(decisions(registry, "per-user", "admitted")).isEqualTo(2);
			assertThat(decisions(registry, "per-user", "rejected")).isEqualTo(1);
			assertThat(registry.get(BucketMetrics.REMAINING).tag("bucket", "per-user").gauge().value()).isZero();
		});
	}

	@Test
	void endpointListsBucketsReadsAndDrainsThem() {
		this.contextRunner.run((context) -> {
			context.getBean(BucketRegistry.class).bucket("api").add(2);
			LeakyBucketsEndpoint endpoint = context.getBean(LeakyBucketsEndpoint.class);
			assertThat(endpoint.buckets().buckets()).containsOnlyKeys("api", "per-user");
			assertThat(endpoint.buckets().buckets().get("api").lastKnown().remaining()).isEqualTo(4);
			assertThat(endpoint.bucket("api").remaining()).isEqualTo(4);
			assertThat(endpoint.drain("api").getStatus()).isEqualTo(200);
			assertThat(endpoint.bucket("api").remaining()).isEqualTo(6);
		});
	}

	@Test
	void healthGoesDownWhenTableIsDeletedAndUpWhenRestored() {
		this.contextRunner.withPropertyValues("leakybucket.actuator.health-check-interval=0s").run((context) -> {
			LeakyBucketHealthIndicator health = context.getBean(LeakyBucketHealthIndicator.class);
			String table = context.getEnvironment().getProperty("leakybucket.dynamodb.tables.buckets");
			Health up = health.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsKey("tables");
			assertThat(tableDetails(up, table)).containsEntry("status", "ACTIVE").containsEntry("timeToLive", true);
			DynamoDbClient client = context.getBean(DynamoDbClient.class);
			client.deleteTable((request) -> request.tableName(table));
			Health down = health.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(tableDetails(down, table)).containsEntry("reason", "Table does not exist");
			new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void keyValueOperationsAreTimedAndTheirTableIsInHealth() {
		this.contextRunner.run((context) -> {
			KeyValueStore store = context.getBean(KeyValueStore.class);
			store.put("greeting", "hello");
			store.get("greeting");
			store.get("absent");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(KeyValueStoreMetrics.OPERATIONS)
				.tags("operation", "put", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get(KeyValueStoreMetrics.OPERATIONS)
				.tags("operation", "get", "outcome", "not-found")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get(DynamoDbRequestMetrics.REQUESTS).tags("operation", "UpdateItem").timer().count())
				.isEqualTo(1);
			Health health = context.getBean(LeakyBucketHealthIndicator.class).health(true);
			String table = context.getEnvironment().getProperty("leakybucket.dynamodb.tables.kv");
			assertThat(tableDetails(health, table)).containsEntry("status", "ACTIVE").containsEntry("timeToLive", true);
		});
	}

	private static double decisions(MeterRegistry registry, String bucket, String outcome) {
		return registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", bucket, "outcome", outcome)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tableDetails(Health health, String table) {
		return ((Map<String, Map<String, Object>>) health.getDetails().get("tables")).get(table);
	}

}
