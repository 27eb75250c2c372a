package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls that arrive while a handle's write is in flight are coalesced into its next write. The first write is held
 * back by an interceptor until the other calls are waiting, so the batches are known.
 */
class DynamoDbBucketCoalescingTests {

	private static final BucketConfig TEN_PER_HOUR = BucketConfig.of(10, Duration.ofHours(1));

	private static final CountingInterceptor requests = new CountingInterceptor();

	private static final HoldFirstWrite hold = new HoldFirstWrite();

	private static DynamoDbClient heldClient;

	private static DynamoDbClient otherClient;

	private static String table;

	private final MutableClock clock = MutableClock.atSystemTime();

	private final ExecutorService callers = Executors.newFixedThreadPool(5);

	@BeforeAll
	static void createTable() {
		heldClient = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(hold).addExecutionInterceptor(requests))
			.build();
		otherClient = DynamoDbTestServer.client();
		table = DynamoDbTestServer.uniqueTableName("coalescing");
		new DynamoDbTables(otherClient).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClients() {
		heldClient.close();
		otherClient.close();
	}

	@BeforeEach
	void holdTheFirstWrite() {
		hold.arm();
		requests.reset();
	}

	@AfterEach
	void stopCallers() {
		hold.release();
		this.callers.shutdownNow();
	}

	@Test
	void callsArrivingDuringAWriteShareTheNextWrite() throws Exception {
		Bucket bucket = storage(heldClient).create("shared-" + System.nanoTime(), TEN_PER_HOUR);
		List<Future<BucketState>> decisions = startFiveCallsWhileTheFirstIsHeld(bucket);
		hold.release();
		for (Future<BucketState> decision : decisions) {
			assertThat(decision.get(10, TimeUnit.SECONDS).admitted()).isTrue();
		}
		assertThat(requests.count(UpdateItemRequest.class)).isEqualTo(2);
		assertThat(bucket.tryAdd(5).admitted()).isTrue();
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
	}

	@Test
	void whenNotAllCallsOfAWriteFitTheFirstOnesAreAdmitted() throws Exception {
		String name = "partly-" + System.nanoTime();
		Bucket bucket = storage(heldClient).create(name, TEN_PER_HOUR);
		List<Future<BucketState>> decisions = startFiveCallsWhileTheFirstIsHeld(bucket);
		storage(otherClient).create(name, TEN_PER_HOUR).add(7);
		hold.release();
		List<Boolean> admitted = new ArrayList<>();
		for (Future<BucketState> decision : decisions) {
			admitted.add(decision.get(10, TimeUnit.SECONDS).admitted());
		}
		assertThat(admitted.stream().filter(Boolean::booleanValue)).hasSize(3);
		assertThat(admitted.get(0)).isTrue();
		assertThat(storage(otherClient).create(name, TEN_PER_HOUR).tryAdd(1).admitted()).isFalse();
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(storage(otherClient).create(name, TEN_PER_HOUR).tryAdd(1).admitted()).isTrue();
	}

	/**
	 * Starts one call, whose write is held, then four more, and returns once all four wait for the next write.
	 */
	private List<Future<BucketState>> startFiveCallsWhileTheFirstIsHeld(Bucket bucket) throws Exception {
		List<Future<BucketState>> decisions = new ArrayList<>();
		decisions.add(this.callers.submit(() -> bucket.tryAdd(1)));
		assertThat(hold.held.await(10, TimeUnit.SECONDS)).isTrue();
		List<Thread> waiting = new ArrayList<>();
		CountDownLatch started = new CountDownLatch(4);
		for (int i = 0; i < 4; i++) {
			decisions.add(this.callers.submit(() -> {
				synchronized (waiting) {
					waiting.add(Thread.currentThread());
				}
				started.countDown();
				return bucket.tryAdd(1);
			}));
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!allWaiting(waiting) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(allWaiting(waiting)).as("four calls waiting for the next write").isTrue();
		return decisions;
	}

	private static boolean allWaiting(List<Thread> threads) {
		synchronized (threads) {
			return threads.stream().allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING);
		}
	}

	private DynamoDbBucketStorage storage(DynamoDbClient client) {
		return DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(this.clock)
			.requestTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** Holds the first UpdateItem, once armed, until released. */
	static final class HoldFirstWrite implements ExecutionInterceptor {

		private final AtomicBoolean armed = new AtomicBoolean();

		private volatile CountDownLatch release = new CountDownLatch(0);

		volatile CountDownLatch held = new CountDownLatch(1);

		void arm() {
			this.release = new CountDownLatch(1);
			this.held = new CountDownLatch(1);
			this.armed.set(true);
		}

		void release() {
			this.release.countDown();
		}

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			if (context.request() instanceof UpdateItemRequest && this.armed.compareAndSet(true, false)) {
				this.held.countDown();
				try {
					this.release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
