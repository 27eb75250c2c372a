package io.github.leakybucket.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.sample.FaultProxy.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports decision latency during a 6 s black hole in front of DynamoDB, with the api-call-timeout of 1 s, and 8
 * threads deciding on one fail-open bucket name after a second of normal load: p50, p99 and the longest wait, over
 * the outage and once the circuit is open, and how long after the fault is removed decisions are made by DynamoDB
 * again; once with the default circuit breaker (2 s window), once with a 10 s window. The figures are printed, not asserted: only
 * liveness bounds are checked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "leakybucket.buckets.load.capacity=1000000", "leakybucket.buckets.load.drain-time=1s",
				"leakybucket.dynamodb.api-call-timeout=1s", "leakybucket.dynamodb.max-retries=0",
				"leakybucket.dynamodb.create-tables=true", "leakybucket.circuit-breaker.sliding-window=10s",
				"leakybucket.circuit-breaker.minimum-number-of-calls=3" })
@DirtiesContext
class BlackHoleLatencyTests {

	private static final int THREADS = 8;

	private static final Duration OUTAGE = Duration.ofSeconds(6);

	private static final Duration AFTER = Duration.ofSeconds(4);

	private static EmbeddedDynamoDbLocal dynamoDb;

	private static FaultProxy proxy;

	@Autowired
	private BucketRegistry buckets;

	@Autowired
	private DynamoDbBucketStorage storage;

	@Autowired
	private DynamoDbClient client;

	@DynamicPropertySource
	static void dynamoDbBehindTheProxy(DynamicPropertyRegistry registry) throws IOException {
		dynamoDb = EmbeddedDynamoDbLocal.start();
		proxy = new FaultProxy(dynamoDb.port());
		registry.add("leakybucket.dynamodb.endpoint", () -> proxy.endpoint().toString());
		registry.add("leakybucket.dynamodb.region", () -> EmbeddedDynamoDbLocal.REGION.id());
		registry.add("leakybucket.dynamodb.credentials.access-key", () -> "fake");
		registry.add("leakybucket.dynamodb.credentials.secret-key", () -> "fake");
	}

	@AfterAll
	static void stop() throws IOException {
		proxy.close();
		dynamoDb.close();
	}

	@Test
	void reportsLatencyDuringABlackHoleAndTimeToExactDecisions() throws Exception {
		DynamoDbBucketStorage defaults = DynamoDbBucketStorage.builder(this.client)
			.tableName("leakybucket-buckets")
			.requestTimeout(Duration.ofSeconds(1))
			.verifyTable(false)
			.build();
		measure("default circuit breaker", defaults,
				defaults.create("load-default", BucketConfig.of(1_000_000, Duration.ofSeconds(1))));
		measure("sliding-window=10s, minimum-number-of-calls=3", this.storage, this.buckets.bucket("load"));
	}

	private void measure(String label, DynamoDbBucketStorage storage, Bucket bucket) throws Exception {
		String name = bucket.name();
		for (int i = 0; i < 200; i++) {
			assertThat(bucket.tryAdd(1).storageFailed()).isFalse();
		}
		ConcurrentLinkedQueue<Decision> decisions = new ConcurrentLinkedQueue<>();
		long origin = System.nanoTime();
		long faultAt = origin + Duration.ofSeconds(1).toNanos();
		long removedAt = faultAt + OUTAGE.toNanos();
		long end = removedAt + AFTER.toNanos();
		CountDownLatch done = new CountDownLatch(THREADS);
		for (int t = 0; t < THREADS; t++) {
			Thread thread = new Thread(() -> {
				try {
					while (System.nanoTime() < end) {
						boolean open = storage.circuitState(name) == CircuitBreaker.State.OPEN;
						long start = System.nanoTime();
						BucketState state = bucket.tryAdd(1);
						decisions.add(new Decision(start, System.nanoTime() - start, open, state.storageFailed()));
					}
				}
				finally {
					done.countDown();
				}
			});
			thread.setDaemon(true);
			thread.start();
		}
		sleepUntil(faultAt);
		proxy.inject(Fault.BLACK_HOLE);
		sleepUntil(removedAt);
		proxy.remove();
		assertThat(done.await(AFTER.plus(storage.maxWait()).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS))
			.isTrue();

		List<Decision> outage = select(decisions, (d) -> d.start() >= faultAt && d.start() < removedAt);
		List<Decision> whileOpen = select(outage, Decision::open);
		List<Decision> after = select(decisions, (d) -> d.start() >= removedAt);
		long lastFailedEnd = after.stream()
			.filter(Decision::storageFailed)
			.mapToLong((d) -> d.start() + d.nanos())
			.max()
			.orElse(removedAt);
		Duration exactAgain = Duration.ofNanos(lastFailedEnd - removedAt);
		long longest = outage.stream().mapToLong(Decision::nanos).max().orElseThrow();
		long firstOpen = whileOpen.stream().mapToLong(Decision::start).min().orElse(removedAt);
		System.out.printf("Black hole of %d s, api-call-timeout 1s, %d threads, %s: %d decisions during the outage, "
				+ "p50 %.2f ms, p99 %.2f ms, longest %.2f ms; circuit open %d ms into the outage; once open: %d "
				+ "decisions, p50 %.3f ms, p99 %.3f ms; exact again %d ms after the fault was removed%n",
				OUTAGE.toSeconds(), THREADS, label, outage.size(), millis(outage, 0.50), millis(outage, 0.99),
				longest / 1e6, (firstOpen - faultAt) / 1_000_000, whileOpen.size(), millis(whileOpen, 0.50),
				millis(whileOpen, 0.99), exactAgain.toMillis());
		assertThat(Duration.ofNanos(longest)).isLessThan(storage.maxWait().plusSeconds(1));
		assertThat(select(after, (d) -> !d.storageFailed())).as("decisions by DynamoDB after the outage").isNotEmpty();
		assertThat(exactAgain).isLessThan(AFTER);
	}

	private static List<Decision> select(Iterable<Decision> decisions, Predicate<Decision> filter) {
		List<Decision> selected = new ArrayList<>();
		decisions.forEach((d) -> {
			if (filter.test(d)) {
				selected.add(d);
			}
		});
		return selected;
	}

	private static double millis(List<Decision> decisions, double quantile) {
		if (decisions.isEmpty()) {
			return Double.NaN;
		}
		List<Long> nanos = new ArrayList<>(decisions.stream().map(Decision::nanos).toList());
		Collections.sort(nanos);
		return nanos.get((int) Math.min(nanos.size() - 1, Math.ceil(quantile * nanos.size()) - 1)) / 1e6;
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long left = nanoTime - System.nanoTime();
		if (left > 0) {
			Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
		}
	}

	private record Decision(long start, long nanos, boolean open, boolean storageFailed) {
	}

}
