package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Bucket#tryAddAsync} on the asynchronous client returns while its request is in flight, and calls that
 * arrive meanwhile are coalesced into the next write, as on the blocking client. The answer to the first write is
 * held by an interceptor on the client's own thread until the test releases it.
 */
class DynamoDbAsyncBucketTests {

	private static final BucketConfig TEN_PER_HOUR = BucketConfig.of(10, Duration.ofHours(1));

	private static final CountingInterceptor requests = new CountingInterceptor();

	private static final HoldFirstAnswer hold = new HoldFirstAnswer();

	private static DynamoDbAsyncClient client;

	private static String table;

	private final MutableClock clock = MutableClock.atSystemTime();

	private final List<DecisionSource> sources = new ArrayList<>();

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.asyncClientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(hold)
				.addExecutionInterceptor(requests)
				.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		table = DynamoDbTestServer.uniqueTableName("async");
		try (DynamoDbClient blocking = DynamoDbTestServer.client()) {
			new DynamoDbTables(blocking).createIfMissing(table, TableLayout.BUCKETS);
		}
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void holdTheFirstAnswer() {
		hold.arm();
		requests.reset();
	}

	@AfterEach
	void releaseTheAnswer() {
		hold.release();
	}

	@Test
	void tryAddAsyncReturnsBeforeItsRequestIsAnswered() throws Exception {
		Bucket bucket = bucket("pending");
		CompletableFuture<BucketState> answer = bucket.tryAddAsync(1);
		assertThat(hold.held.await(10, TimeUnit.SECONDS)).as("the write reached DynamoDB").isTrue();
		assertThat(answer).isNotDone();
		assertThat(hold.holder).isNotSameAs(Thread.currentThread());
		hold.release();
		assertThat(answer.get(10, TimeUnit.SECONDS).remaining()).isEqualTo(9);
	}

	@Test
	void callsArrivingDuringAWriteShareTheNextWrite() throws Exception {
		Bucket bucket = bucket("shared");
		List<CompletableFuture<BucketState>> answers = new ArrayList<>();
		answers.add(bucket.tryAddAsync(1));
		assertThat(hold.held.await(10, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 4; i++) {
			answers.add(bucket.tryAddAsync(2));
		}
		assertThat(answers).noneMatch(CompletableFuture::isDone);
		hold.release();
		List<Long> remaining = new ArrayList<>();
		for (CompletableFuture<BucketState> answer : answers) {
			BucketState state = answer.get(10, TimeUnit.SECONDS);
			assertThat(state.admitted()).isTrue();
			remaining.add(state.remaining());
		}
		assertThat(remaining).containsExactly(9L, 7L, 5L, 3L, 1L);
		assertThat(requests.count(UpdateItemRequest.class)).isEqualTo(2);
	}

	@Test
	void callsThatCannotFitOnTheKnownLevelAreRejectedWithoutARequest() throws Exception {
		Bucket bucket = bucket("full");
		hold.release();
		assertThat(bucket.tryAddAsync(10).get(10, TimeUnit.SECONDS).remaining()).isZero();
		CompletableFuture<BucketState> rejected = bucket.tryAddAsync(1);
		assertThat(rejected).isDone();
		assertThat(rejected.get().admitted()).isFalse();
		assertThat(requests.count(UpdateItemRequest.class)).isEqualTo(1);
		// The listener hears of the first decision on the client's thread, after its answer completed.
		assertThat(this.sources).contains(DecisionSource.LOCAL).doesNotHaveDuplicates();
	}

	private Bucket bucket(String prefix) {
		return DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(this.clock)
			.listener(new DecisionListener() {

				@Override
				public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
					record(source);
				}

			})
			.requestTimeout(Duration.ofSeconds(30))
			.build()
			.create(prefix + "-" + System.nanoTime(), TEN_PER_HOUR);
	}

	private synchronized void record(DecisionSource source) {
		this.sources.add(source);
	}

	/** Holds the answer to the first UpdateItem, once armed, on the client's thread until released. */
	static final class HoldFirstAnswer implements ExecutionInterceptor {

		private final AtomicBoolean armed = new AtomicBoolean();

		private volatile CountDownLatch release = new CountDownLatch(0);

		volatile CountDownLatch held = new CountDownLatch(1);

		volatile Thread holder;

		void arm() {
			this.release = new CountDownLatch(1);
			this.held = new CountDownLatch(1);
			this.holder = null;
			this.armed.set(true);
		}

		void release() {
			this.release.countDown();
		}

		@Override
		public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
			if (context.request() instanceof UpdateItemRequest && this.armed.compareAndSet(true, false)) {
				this.holder = Thread.currentThread();
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
