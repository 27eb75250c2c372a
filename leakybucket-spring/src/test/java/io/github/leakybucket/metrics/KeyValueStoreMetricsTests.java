package io.github.leakybucket.metrics;

import java.time.Duration;

import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.KeyValueStoreListener.Outcome;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class KeyValueStoreMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void timesOperationsByOutcome() {
		KeyValueStoreMetrics metrics = new KeyValueStoreMetrics(this.registry);
		metrics.onOperation("get", Outcome.SUCCESS, Duration.ofMillis(2));
		metrics.onOperation("get", Outcome.SUCCESS, Duration.ofMillis(4));
		metrics.onOperation("get", Outcome.NOT_FOUND, Duration.ofMillis(1));
		assertThat(this.registry.get(KeyValueStoreMetrics.OPERATIONS)
			.tags("operation", "get", "outcome", "success")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6);
		assertThat(this.registry.get(KeyValueStoreMetrics.OPERATIONS)
			.tags("operation", "get", "outcome", "not-found")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void timesOperationsOfDynamoDbStore() {
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			String table = DynamoDbTestServer.uniqueTableName("kv-metrics");
			new DynamoDbTables(client).createIfMissing(table, TableLayout.KEY_VALUE);
			KeyValueStore store = DynamoDbKeyValueStore.builder(client, table)
				.listener(new KeyValueStoreMetrics(this.registry))
				.build();
			store.put("greeting", "hello");
			store.get("greeting");
			store.get("missing");
			assertThat(this.registry.get(KeyValueStoreMetrics.OPERATIONS)
				.tags("operation", "put", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
			assertThat(this.registry.get(KeyValueStoreMetrics.OPERATIONS).tags("operation", "get").timers())
				.hasSize(2);
		}
	}

}
