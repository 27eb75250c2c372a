package io.github.leakybucket.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads that wait in a handle's next batch are woken when its turn comes, however their wake-up and the turn
 * interleave: on a storage that never fails, no call reaches its wait bound and is answered by the failure mode.
 * (A turn that came between a waiter's failed claim and its wait once left the batch unsent until the bound.)
 */
class InMemoryBucketWaitingTests {

	@Test
	void everyWaitingCallIsAnsweredByTheStorageNeverByItsBound() throws Exception {
		InMemoryBucketStorage storage = new InMemoryBucketStorage(MutableClock.atSystemTime(), DecisionListener.NONE);
		Bucket bucket = storage.create("busy", BucketConfig.of(1_000_000, Duration.ofHours(1)));
		int threads = 16;
		int calls = 5_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> failures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				failures.add(executor.submit(() -> {
					start.await();
					int failed = 0;
					for (int i = 0; i < calls; i++) {
						BucketState state = bucket.tryAdd(1);
						failed += (state.storageFailed() || !state.admitted()) ? 1 : 0;
					}
					return failed;
				}));
			}
			start.countDown();
			int failed = 0;
			for (Future<Integer> result : failures) {
				failed += result.get(5, TimeUnit.MINUTES);
			}
			assertThat(failed).isZero();
			assertThat(bucket.refresh().remaining()).isEqualTo(1_000_000 - threads * calls);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
