package io.github.leakybucket.circuit;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitStatesTests {

	private static final BucketConfig HOUR_OF_TEN = BucketConfig.of(10, Duration.ofHours(1));

	private final InjectedFault fault = new InjectedFault();

	private DynamoDbClient client;

	private BucketRegistry buckets;

	private DynamoDbBucketStorage storage;

	@BeforeEach
	void createTable() {
		this.client = this.fault.client();
		String table = DynamoDbTestServer.uniqueTableName("circuits");
		new DynamoDbTables(this.client).createIfMissing(table, TableLayout.BUCKETS);
		this.storage = DynamoDbBucketStorage.builder(this.client).tableName(table).build();
		this.buckets = new BucketRegistry(this.storage, Map.of("api", HOUR_OF_TEN, "quiet", HOUR_OF_TEN), 10);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void everyConfiguredNameIsClosedBeforeAnyRequest() {
		assertThat(CircuitStates.of(this.buckets, this.storage).states()).containsOnly(
				Map.entry("api", CircuitBreaker.State.CLOSED), Map.entry("quiet", CircuitBreaker.State.CLOSED));
	}

	@Test
	void failingRequestsOpenTheCircuitOfTheirNameOnly() {
		CircuitStates circuits = CircuitStates.of(this.buckets, this.storage);
		this.fault.openCircuit(this.buckets, "api");
		assertThat(circuits.state("api")).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(circuits.state("quiet")).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void storageWithoutCircuitBreakersHasNoStates() {
		InMemoryBucketStorage memory = new InMemoryBucketStorage();
		assertThat(CircuitStates.of(new BucketRegistry(memory, Map.of("api", HOUR_OF_TEN), 10), memory)).isNull();
	}

}
