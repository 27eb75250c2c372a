package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads hammer a bucket filled just before, with the real clock: local rejection keeps the request count near the admission
 * count, however many calls are made.
 * <p>
 * After each answer from DynamoDB a handle knows the stored {@code tat} exactly (one handle is the only writer
 * here), so it sends a request only when its estimate says a unit fits, that is once per admission window, one
 * window per {@code drainTime / capacity}; while that request is in flight, the other threads wait for its answer
 * instead of racing it. Counted from just before the fill, at most one unit fits per window. Each window costs at most one request that admits and, if another thread's request took the
 * unit first, one that does not; requests already in flight when the run ends add at most one per thread.
 */
class DynamoDbBucketOverloadTests {

	private static final long CAPACITY = 20;

	private static final Duration DRAIN = Duration.ofSeconds(1);

	private static final int THREADS = 4;

	private static final Duration RUN = Duration.ofSeconds(2);

	private static final int WARM_UP_DECISIONS = 300;

	@Test
	void requestsStayWithinOnePerAdmissionWindowUnderOverload() throws Exception {
		CountingInterceptor requests = new CountingInterceptor();
		try (DynamoDbClient client = requests.client()) {
			String table = DynamoDbTestServer.uniqueTableName("buckets");
			new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
			Bucket bucket = DynamoDbBucketStorage.builder(client)
				.tableName(table)
				.build()
				.create("overloaded", CAPACITY, DRAIN);
			Bucket warmUp = DynamoDbBucketStorage.builder(client).tableName(table).build().create("warm-up", 1000, DRAIN);
			for (int i = 0; i < WARM_UP_DECISIONS; i++) {
				warmUp.tryAdd(1);
			}
			long start = System.nanoTime();
			bucket.add(CAPACITY);
			requests.reset();
			AtomicLong calls = new AtomicLong();
			AtomicLong admitted = new AtomicLong();
			long end = System.nanoTime() + RUN.toNanos();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				threads.add(new Thread(() -> {
					while (System.nanoTime() < end) {
						calls.incrementAndGet();
						if (bucket.tryAdd(1).admitted()) {
							admitted.incrementAndGet();
						}
						Thread.yield();
					}
				}));
			}
			threads.forEach(Thread::start);
			for (Thread thread : threads) {
				thread.join();
			}
			long elapsed = System.nanoTime() - start;
			long windows = (elapsed * CAPACITY + DRAIN.toNanos() - 1) / DRAIN.toNanos() + 1;
			System.out.printf("overload: %d calls, %d admitted (at most %d windows), %d requests over %d ms%n",
					calls.get(), admitted.get(), windows, requests.total(), elapsed / 1_000_000);
			assertThat(admitted.get()).isLessThanOrEqualTo(windows);
			assertThat(requests.total()).isLessThanOrEqualTo(admitted.get() + windows + THREADS);
		}
	}

}
