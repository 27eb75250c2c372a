package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import io.github.leakybucket.testsupport.WriteFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each call gets its own state, as if the calls of a shared write had been made one by one; a fresh handle knows its
 * level only once it has read it.
 */
class DynamoDbBucketPerCallStateTests {

	private static final BucketConfig HUNDRED_PER_HOUR = BucketConfig.of(100, Duration.ofHours(1));

	private static final WriteFaults faults = new WriteFaults();

	private static final CountingInterceptor requests = new CountingInterceptor();

	private static DynamoDbClient client;

	private static String table;

	private final MutableClock clock = MutableClock.atSystemTime();

	private final ExecutorService callers = Executors.newFixedThreadPool(8);

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(faults).addExecutionInterceptor(requests))
			.build();
		table = DynamoDbTestServer.uniqueTableName("per-call");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void resetCounts() {
		requests.reset();
	}

	@AfterEach
	void stopCallers() {
		faults.release();
		this.callers.shutdownNow();
	}

	@Test
	void callsSharingAWriteEachGetTheirOwnRemaining() throws Exception {
		Bucket bucket = storage().create("shared-" + System.nanoTime(), HUNDRED_PER_HOUR);
		faults.holdNextWrite();
		Future<BucketState> first = this.callers.submit(() -> bucket.tryAdd(1));
		faults.awaitHeld();
		List<Thread> waiting = new ArrayList<>();
		List<Future<BucketState>> coalesced = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			coalesced.add(this.callers.submit(() -> {
				synchronized (waiting) {
					waiting.add(Thread.currentThread());
				}
				return bucket.tryAdd(1);
			}));
		}
		awaitWaiting(waiting, 4);
		faults.release();

		assertThat(first.get(20, TimeUnit.SECONDS).remaining()).isEqualTo(99);
		List<Long> remainings = new ArrayList<>();
		for (Future<BucketState> decision : coalesced) {
			remainings.add(decision.get(20, TimeUnit.SECONDS).remaining());
		}
		assertThat(remainings).containsExactlyInAnyOrder(98L, 97L, 96L, 95L);
	}

	@Test
	void concurrentCallsCountDownEveryRemainingOnce() throws Exception {
		Bucket bucket = storage().create("countdown-" + System.nanoTime(), HUNDRED_PER_HOUR);
		List<Callable<BucketState>> calls = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			calls.add(() -> bucket.tryAdd(1));
		}
		List<Long> remainings = new ArrayList<>();
		for (Future<BucketState> decision : this.callers.invokeAll(calls, 60, TimeUnit.SECONDS)) {
			BucketState state = decision.get();
			assertThat(state.admitted()).isTrue();
			remainings.add(state.remaining());
		}
		assertThat(remainings).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 100).boxed().toList());
	}

	@Test
	void aFreshHandleReadsItsStoredLevelWithOneGetItem() {
		String name = "fresh-" + System.nanoTime();
		storage().create(name, HUNDRED_PER_HOUR).add(30);
		requests.reset();
		Bucket fresh = storage().create(name, HUNDRED_PER_HOUR);
		assertThat(requests.total()).isZero();
		assertThat(fresh.remaining()).isEqualTo(70);
		assertThat(fresh.remaining()).isEqualTo(70);
		assertThat(requests.count(GetItemRequest.class)).isEqualTo(1);
		assertThat(requests.total()).isEqualTo(1);
	}

	private static void awaitWaiting(List<Thread> threads, int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!allWaiting(threads, count) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(allWaiting(threads, count)).as("%d calls waiting behind the held write", count).isTrue();
	}

	private static boolean allWaiting(List<Thread> threads, int count) {
		synchronized (threads) {
			return threads.size() == count
					&& threads.stream().allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING);
		}
	}

	private DynamoDbBucketStorage storage() {
		return DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(this.clock)
			.requestTimeout(Duration.ofSeconds(30))
			.verifyTable(false)
			.build();
	}

}
