package io.github.leakybucket.dynamodb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.testsupport.CountingInterceptor;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One JVM of {@link DynamoDbMultiProcessTests}: once warmed up it prints {@code ready} and reads the common start
 * instant (epoch millis) from its input; from then on, for a fixed time, several threads add one unit at a time to
 * one bucket, as fast as they are told they may; then it prints
 * {@code admitted=<n> requests=<n> end=<epoch millis>}. A rejected thread waits for the retry-after it was given,
 * so demand stays saturating without spinning.
 */
public final class BucketHammer {

	private static final int WARM_UP_DECISIONS = 500;

	private BucketHammer() {
	}

	/**
	 * Runs the hammer.
	 * @param args endpoint, table, bucket name, capacity, drain millis, reserve, threads, duration millis
	 * @throws Exception if a thread fails
	 */
	public static void main(String[] args) throws Exception {
		URI endpoint = URI.create(args[0]);
		BucketConfig config = BucketConfig.of(Long.parseLong(args[3]), Duration.ofMillis(Long.parseLong(args[4])))
			.withReserve(Long.parseLong(args[5]));
		int threads = Integer.parseInt(args[6]);
		Duration run = Duration.ofMillis(Long.parseLong(args[7]));
		CountingInterceptor requests = new CountingInterceptor();
		try (DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.overrideConfiguration((override) -> override.addExecutionInterceptor(requests))
			.build()) {
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client).tableName(args[1]).build();
			Bucket warmUp = storage.create("warm-up-" + ProcessHandle.current().pid(), 1_000_000, Duration.ofSeconds(1));
			for (int i = 0; i < WARM_UP_DECISIONS; i++) {
				warmUp.tryAdd(1);
			}
			requests.reset();
			System.out.println("ready");
			System.out.flush();
			BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			Instant start = Instant.ofEpochMilli(Long.parseLong(input.readLine().trim()));
			Instant end = start.plus(run);
			Bucket bucket = storage.create(args[2], config);
			AtomicLong admitted = new AtomicLong();
			List<Thread> workers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				workers.add(new Thread(() -> admitted.addAndGet(hammer(bucket, start, end))));
			}
			workers.forEach(Thread::start);
			for (Thread worker : workers) {
				worker.join();
			}
			System.out.println("admitted=" + admitted.get() + " requests=" + requests.total() + " end="
					+ Instant.now().toEpochMilli());
		}
	}

	static long hammer(Bucket bucket, Instant start, Instant end) {
		long wait = Duration.between(Instant.now(), start).toNanos();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
		long admitted = 0;
		while (Instant.now().isBefore(end)) {
			BucketState state = bucket.tryAdd(1);
			if (state.admitted()) {
				admitted++;
			}
			else {
				LockSupport.parkNanos(state.retryAfter().toNanos());
			}
		}
		return admitted;
	}

}
