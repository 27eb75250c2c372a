package io.github.leakybucket.metrics;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.circuit.CircuitStates;
import io.github.leakybucket.circuit.InjectedFault;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerMetricsTests {

	private static final BucketConfig HOUR_OF_TEN = BucketConfig.of(10, Duration.ofHours(1));

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final InjectedFault fault = new InjectedFault();

	private DynamoDbClient client;

	private BucketRegistry buckets;

	@BeforeEach
	void createTable() {
		this.client = this.fault.client();
		String table = DynamoDbTestServer.uniqueTableName("circuit-metrics");
		new DynamoDbTables(this.client).createIfMissing(table, TableLayout.BUCKETS);
		DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(this.client).tableName(table).build();
		this.buckets = new BucketRegistry(storage, Map.of("api", HOUR_OF_TEN), 10);
		new CircuitBreakerMetrics(this.registry, CircuitStates.of(this.buckets, storage));
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void configuredNameIsClosedBeforeAnyDecision() {
		assertThat(state("closed")).isEqualTo(1);
		assertThat(state("open")).isZero();
		assertThat(state("half_open")).isZero();
	}

	@Test
	void openCircuitIsTheOnlyStateAtOne() {
		this.fault.openCircuit(this.buckets, "api");
		assertThat(state("open")).isEqualTo(1);
		assertThat(state("closed")).isZero();
		assertThat(this.registry.get(CircuitBreakerMetrics.STATE).tag("bucket", "api").gauges())
			.filteredOn((gauge) -> gauge.value() == 1)
			.hasSize(1);
	}

	@Test
	void storageWithoutCircuitBreakersHasNoGauges() {
		MeterRegistry empty = new SimpleMeterRegistry();
		InMemoryBucketStorage memory = new InMemoryBucketStorage();
		new CircuitBreakerMetrics(empty,
				CircuitStates.of(new BucketRegistry(memory, Map.of("api", HOUR_OF_TEN), 10), memory));
		assertThat(empty.find(CircuitBreakerMetrics.STATE).gauges()).isEmpty();
	}

	private double state(String state) {
		return this.registry.get(CircuitBreakerMetrics.STATE).tag("bucket", "api").tag("state", state).gauge().value();
	}

}
