package io.github.leakybucket.integration;

import java.time.Duration;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.Leases;
import io.github.leakybucket.lock.LeaseLocks;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LeaseLockRegistry} on DynamoDB Local.
 */
class LeaseLockRegistryTests {

	private static DynamoDbClient client;

	private static String tableName;

	private LeaseLocks locks;

	private Leases leases;

	private LeaseLockRegistry registry;

	private String key;

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.client();
		tableName = DynamoDbTestServer.uniqueTableName("lock-registry");
		new DynamoDbTables(client).createIfMissing(tableName, TableLayout.KEY_VALUE);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void setUp() {
		this.leases = Leases.builder(DynamoDbLeaseTable.create(client, tableName)).build();
		this.locks = new LeaseLocks(this.leases, Duration.ofSeconds(10));
		this.registry = new LeaseLockRegistry(this.locks, "locks/");
		this.key = "key-" + System.nanoTime();
	}

	@AfterEach
	void close() {
		this.locks.close();
	}

	@Test
	void obtainReturnsOneLockPerKey() {
		assertThat(this.registry.obtain(this.key)).isSameAs(this.registry.obtain(this.key))
			.isNotSameAs(this.registry.obtain(this.key + "-other"));
	}

	@Test
	void keyMustBeAString() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.obtain(42))
			.withMessage("lockKey must be a String, was java.lang.Integer");
	}

	@Test
	void executeLockedHoldsThePrefixedLeaseWhileItRuns() throws InterruptedException {
		Lease held = this.registry.executeLocked(this.key,
				() -> this.registry.obtain(this.key).currentLease().orElseThrow());
		assertThat(held.name()).isEqualTo("locks/" + this.key);
		assertThat(held.isHeld()).isFalse();
		assertThat(this.leases.read("locks/" + this.key).orElseThrow().released()).isTrue();
	}

	@Test
	void timeToLiveIsTheLeaseDuration() throws InterruptedException {
		LeaseLockRegistry.RegistryLock lock = this.registry.obtain(this.key);
		assertThat(lock.tryLock(Duration.ofSeconds(1), Duration.ofSeconds(30))).isTrue();
		assertThat(lock.currentLease().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(30));
		lock.unlock();
		lock.lock(Duration.ofSeconds(20));
		assertThat(lock.currentLease().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(20));
		lock.unlock();
	}

	@Test
	void expiryForgetsUnusedLocksButKeepsLockedOnes() {
		LeaseLockRegistry.RegistryLock unused = this.registry.obtain(this.key);
		LeaseLockRegistry.RegistryLock locked = this.registry.obtain(this.key + "-locked");
		locked.lock();
		this.registry.expireUnusedOlderThan(-1);
		assertThat(this.registry.obtain(this.key)).isNotSameAs(unused);
		assertThat(this.registry.obtain(this.key + "-locked")).isSameAs(locked);
		locked.unlock();
	}

}
