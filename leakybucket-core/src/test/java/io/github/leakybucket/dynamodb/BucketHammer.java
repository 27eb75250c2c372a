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
 * One JVM of {@link DynamoDbMultiProcessTests}. For each bucket given as {@code name:capacity:drainMillis:reserve}
 * it makes a client and a handle, warms up, prints {@code ready} and reads the common start instant (epoch millis)
 * from its input. From then on, for a fixed time, several threads per bucket add one unit at a time, and a rejected
 * thread waits the retry-after it was given, so demand stays saturating without spinning. Then it prints
 * {@code bucket=<name> admitted=<n> requests=<n> first=<epoch millis> end=<epoch millis>} per bucket, where
 * {@code first} was read before the call of the first admission and {@code end} after the last admission returned,
 * so every admission decided between the two.
 */
public final class BucketHammer {

	private static final int WARM_UP_DECISIONS = 50;

	private BucketHammer() {
	}

	/**
	 * Runs the hammer.
	 * @param args endpoint, table, threads per bucket, duration millis, then one or more bucket specifications
	 * @throws Exception if a thread fails
	 */
	public static void main(String[] args) throws Exception {
		URI endpoint = URI.create(args[0]);
		int threads = Integer.parseInt(args[2]);
		Duration run = Duration.ofMillis(Long.parseLong(args[3]));
		List<Target> targets = new ArrayList<>();
		for (int i = 4; i < args.length; i++) {
			targets.add(new Target(endpoint, args[1], args[i]));
		}
		System.out.println("ready");
		System.out.flush();
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		Instant start = Instant.ofEpochMilli(Long.parseLong(input.readLine().trim()));
		Instant end = start.plus(run);
		List<Thread> workers = new ArrayList<>();
		for (Target target : targets) {
			for (int i = 0; i < threads; i++) {
				workers.add(new Thread(() -> target.hammer(start, end)));
			}
		}
		workers.forEach(Thread::start);
		for (Thread worker : workers) {
			worker.join();
		}
		for (Target target : targets) {
			System.out.println("bucket=" + target.bucket.name() + " admitted=" + target.admitted.get() + " requests="
					+ target.requests.total() + " first=" + target.firstAdmission.get() + " end="
					+ (target.lastAdmission.get() + 1));
			target.client.close();
		}
	}

	private static final class Target {

		private final CountingInterceptor requests = new CountingInterceptor();

		private final AtomicLong admitted = new AtomicLong();

		private final AtomicLong firstAdmission = new AtomicLong(Long.MAX_VALUE);

		private final AtomicLong lastAdmission = new AtomicLong();

		private final DynamoDbClient client;

		private final Bucket bucket;

		Target(URI endpoint, String table, String specification) {
			String[] parts = specification.split(":");
			BucketConfig config = BucketConfig.of(Long.parseLong(parts[1]), Duration.ofMillis(Long.parseLong(parts[2])))
				.withReserve(Long.parseLong(parts[3]));
			this.client = DynamoDbClient.builder()
				.endpointOverride(endpoint)
				.region(EmbeddedDynamoDbLocal.REGION)
				.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
				.overrideConfiguration((override) -> override.addExecutionInterceptor(this.requests))
				.build();
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(this.client).tableName(table).build();
			Bucket warmUp = storage.create("warm-up-" + ProcessHandle.current().pid() + "-" + parts[0], 1_000_000,
					Duration.ofSeconds(1));
			for (int i = 0; i < WARM_UP_DECISIONS; i++) {
				warmUp.tryAdd(1);
			}
			this.requests.reset();
			this.bucket = storage.create(parts[0], config);
		}

		void hammer(Instant start, Instant end) {
			long wait = Duration.between(Instant.now(), start).toNanos();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			while (Instant.now().isBefore(end)) {
				long called = Instant.now().toEpochMilli();
				BucketState state = this.bucket.tryAdd(1);
				if (state.admitted()) {
					this.admitted.incrementAndGet();
					this.firstAdmission.accumulateAndGet(called, Math::min);
					this.lastAdmission.accumulateAndGet(Instant.now().toEpochMilli(), Math::max);
				}
				else {
					LockSupport.parkNanos(state.retryAfter().toNanos());
				}
			}
		}

	}

}
