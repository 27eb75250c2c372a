package io.github.leakybucket.lock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.LeaseLostException;
import io.github.leakybucket.lease.LeaseRecord;
import io.github.leakybucket.lease.Leases;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LeaseLock} on DynamoDB Local. Two {@link Leases} instances with different owners stand for two
 * processes. Every wait is bounded.
 */
class LeaseLockTests {

	private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

	private static final CountingInterceptor counter = new CountingInterceptor();

	private static DynamoDbClient client;

	private static String tableName;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

	private String name;

	@BeforeAll
	static void createTable() {
		client = counter.client();
		tableName = DynamoDbTestServer.uniqueTableName("lease-locks");
		new DynamoDbTables(client).createIfMissing(tableName, TableLayout.KEY_VALUE);
		// A cold client's first requests take longer than the short leases of some tests.
		for (int i = 0; i < 20; i++) {
			leases("warm-up").tryAcquire("warm-up", TEN_SECONDS).orElseThrow().release();
		}
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void uniqueName() {
		this.name = "lock-" + System.nanoTime();
	}

	@AfterEach
	void stopHeartbeats() {
		this.heartbeats.shutdownNow();
	}

	private static Leases leases(String owner) {
		return Leases.builder(DynamoDbLeaseTable.create(client, tableName)).ownerId(owner).build();
	}

	private LeaseLock lock(String owner) {
		return new LeaseLock(leases(owner), this.name, TEN_SECONDS, this.heartbeats);
	}

	private LeaseRecord row() {
		return leases("reader").read(this.name).orElseThrow();
	}

	@Test
	void lockAcquiresTheLeaseAndUnlockReleasesIt() {
		LeaseLock lock = lock("a");
		lock.lock();
		Lease lease = lock.currentLease().orElseThrow();
		assertThat(lease.token().value()).isEqualTo(1);
		assertThat(lease.duration()).isEqualTo(TEN_SECONDS);
		assertThat(row().owner()).isEqualTo(lease.owner());
		assertThat(row().released()).isFalse();
		lock.unlock();
		assertThat(row().released()).isTrue();
		assertThat(lock.currentLease()).isEmpty();
		assertThat(lock.isLocked()).isFalse();
	}

	@Test
	void anotherProcessCannotLockUntilItIsUnlocked() throws InterruptedException {
		LeaseLock first = lock("a");
		LeaseLock second = lock("b");
		first.lock();
		assertThat(second.tryLock()).isFalse();
		assertThat(second.tryLock(50, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(second.isLocked()).isFalse();
		first.unlock();
		assertThat(second.tryLock()).isTrue();
		assertThat(second.currentLease().orElseThrow().token().value()).isEqualTo(2);
		second.unlock();
	}

	@Test
	void lockWaitsForTheOtherProcessToUnlock() throws Exception {
		LeaseLock first = lock("a");
		LeaseLock second = lock("b");
		first.lock();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
			started.countDown();
			second.lock();
			try {
				return second.currentLease().orElseThrow().token().value();
			}
			finally {
				second.unlock();
			}
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		first.unlock();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void isReentrantForTheHoldingThreadWithOneLease() {
		LeaseLock lock = lock("a");
		lock.lock();
		Lease lease = lock.currentLease().orElseThrow();
		counter.reset();
		lock.lock();
		assertThat(lock.tryLock()).isTrue();
		assertThat(counter.total()).isZero();
		assertThat(lock.currentLease()).containsSame(lease);
		lock.unlock();
		lock.unlock();
		assertThat(row().released()).isFalse();
		lock.unlock();
		assertThat(row().released()).isTrue();
	}

	@Test
	void threadsOfOneProcessWaitInMemoryWithoutRequests() throws Exception {
		LeaseLock lock = lock("a");
		lock.lock();
		counter.reset();
		boolean locked = CompletableFuture.supplyAsync(() -> {
			try {
				return lock.tryLock(20, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}).get(10, TimeUnit.SECONDS);
		assertThat(locked).isFalse();
		assertThat(counter.total()).isZero();
		lock.unlock();
	}

	@Test
	void anotherThreadCannotUnlock() throws Exception {
		LeaseLock lock = lock("a");
		lock.lock();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CompletableFuture.runAsync(() -> {
			try {
				lock.unlock();
			}
			catch (RuntimeException ex) {
				failure.set(ex);
			}
		}).get(10, TimeUnit.SECONDS);
		assertThat(failure.get()).isInstanceOf(IllegalMonitorStateException.class)
			.hasMessageContaining(this.name);
		assertThat(lock.currentLease()).isPresent();
		lock.unlock();
	}

	@Test
	void unlockWithoutLockingIsIllegal() {
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock("a")::unlock);
	}

	@Test
	void lockInterruptiblyStopsWaitingWhenInterrupted() throws Exception {
		LeaseLock first = lock("a");
		LeaseLock second = lock("b");
		first.lock();
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread waiter = new Thread(() -> {
			try {
				second.lockInterruptibly();
			}
			catch (InterruptedException ex) {
				outcome.set(ex);
			}
		});
		waiter.start();
		waiter.interrupt();
		waiter.join(10_000);
		assertThat(waiter.isAlive()).isFalse();
		assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
		assertThat(second.isLocked()).isFalse();
		first.unlock();
	}

	@Test
	void heartbeatKeepsTheLeaseLongerThanItsDuration() throws InterruptedException {
		// Long enough that a renewal on a loaded machine still lands before the deadline.
		Duration duration = Duration.ofSeconds(2);
		LeaseLock lock = new LeaseLock(leases("a"), this.name, duration, this.heartbeats);
		Leases other = leases("b");
		lock.lock();
		long start = System.nanoTime();
		while (System.nanoTime() - start < duration.toNanos() * 3 / 2) {
			Thread.sleep(500);
			assertThat(other.tryAcquire(this.name, duration)).isEmpty();
		}
		Lease lease = lock.currentLease().orElseThrow();
		assertThat(lease.isHeld()).isTrue();
		assertThat(row().version()).isGreaterThan(2);
		lock.unlock();
		assertThat(row().released()).isTrue();
	}

	@Test
	void unlockAfterATakeoverThrowsLeaseLostAndFreesTheLock() throws InterruptedException {
		Duration brief = Duration.ofMillis(200);
		LeaseLock lock = new LeaseLock(leases("a"), this.name, brief, null);
		lock.lock();
		Lease taken = leases("b").acquire(this.name, TEN_SECONDS, TEN_SECONDS).orElseThrow();
		assertThat(taken.token().value()).isEqualTo(2);
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(lock::unlock)
			.satisfies((ex) -> assertThat(ex.getToken().value()).isEqualTo(1));
		assertThat(lock.isLocked()).isFalse();
		assertThat(row().owner()).isEqualTo(taken.owner());
		taken.release();
	}

	@Test
	void tryLockWithADurationTakesALeaseOfThatDuration() throws InterruptedException {
		LeaseLock lock = lock("a");
		assertThat(lock.tryLock(Duration.ofSeconds(1), Duration.ofSeconds(42))).isTrue();
		assertThat(lock.currentLease().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(42));
		assertThat(row().duration()).isEqualTo(Duration.ofSeconds(42));
		lock.unlock();
	}

	@Test
	void aLeaseThatRanOutBeforeItsAnswerCameIsNotHeld() {
		Duration duration = Duration.ofMillis(2);
		Leases leases = Leases.builder(DynamoDbLeaseTable.create(client, tableName))
			.safetyMargin(duration.minusNanos(1))
			.build();
		LeaseLock lock = new LeaseLock(leases, this.name, duration, null);
		assertThat(lock.tryLock()).isFalse();
		assertThat(lock.isLocked()).isFalse();
		assertThat(row().released()).isTrue();
	}

	@Test
	void aRefusedDurationFreesTheLock() {
		LeaseLock lock = lock("a");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> lock.lock(Duration.ofDays(2)))
			.withMessageContaining("maximum");
		assertThat(lock.isLocked()).isFalse();
	}

	@Test
	void newConditionIsUnsupported() {
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(lock("a")::newCondition)
			.withMessageContaining("Condition");
	}

	@Test
	void nonPositiveLeaseDurationIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new LeaseLock(leases("a"), this.name, Duration.ZERO, null))
			.withMessage("leaseDuration must be positive, was PT0S");
	}

	@Test
	void lockViewsOfLeaseLocksAreRenewedWhileLocked() throws InterruptedException {
		try (LeaseLocks locks = new LeaseLocks(leases("a"), Duration.ofSeconds(2))) {
			LeaseLock lock = locks.get(this.name);
			lock.lock();
			long deadline = System.nanoTime() + TEN_SECONDS.toNanos();
			while (row().version() < 3 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(row().version()).isGreaterThanOrEqualTo(3);
			assertThat(lock.currentLease().orElseThrow().isHeld()).isTrue();
			lock.unlock();
		}
	}

}
