package io.github.leakybucket.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.internal.DecisionEngine;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatStore;
import io.github.leakybucket.spi.TatUpdate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Measures the heap a cached per-key handle holds, in a JVM of its own ({@link MemorySection}): the heap after
 * garbage collection before and after a {@link BucketRegistry} caches {@code n} handles, divided by {@code n}. Keys
 * are created while filling, as requests bring them, so each figure includes its key string. Prints
 * {@code RESULT <fresh bytes> <decided bytes>}.
 * <p>
 * <em>Fresh</em> handles come from a {@link DynamoDbBucketStorage}, which makes no request to create one (its client
 * points at a closed port to prove it). <em>Decided</em> handles are the same class after one admitted decision
 * each, made by the same engine above a store that keeps nothing, so only the handles are counted.
 */
public final class HandleMemory {

	static final String NAME = "per-user";

	static final BucketConfig CONFIG = BucketConfig.of(60, Duration.ofMinutes(1));

	private HandleMemory() {
	}

	public static void main(String[] args) throws Exception {
		int count = Integer.parseInt(args[0]);
		DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.build();
		BucketStorage dynamoDb = DynamoDbBucketStorage.builder(client).tableName("unused").verifyTable(false).build();
		double fresh = bytesPerHandle(dynamoDb, count, false);
		DecisionEngine engine = DecisionEngine.builder().build(new KeepsNothing());
		double decided = bytesPerHandle(engine::create, count, true);
		System.out.println("RESULT " + fresh + " " + decided);
		System.exit(0);
	}

	private static double bytesPerHandle(BucketStorage storage, int count, boolean decide) throws InterruptedException {
		BucketRegistry registry = new BucketRegistry(storage, Map.of(NAME, CONFIG), count + 1L);
		// One handle before the baseline, so that what the first one sets up once is not counted.
		var first = registry.bucket(NAME, "first");
		if (decide) {
			first.tryAdd(1);
		}
		long before = heapAfterGc();
		for (int i = 0; i < count; i++) {
			var bucket = registry.bucket(NAME, "user-" + i);
			if (decide && !bucket.tryAdd(1).admitted()) {
				throw new IllegalStateException("A fresh bucket rejected its first call");
			}
		}
		long after = heapAfterGc();
		if (registry.keyedBucketCount() < count) {
			throw new IllegalStateException("The registry evicted handles: " + registry.keyedBucketCount());
		}
		Reference.reachabilityFence(registry);
		return (double) (after - before) / count;
	}

	private static long heapAfterGc() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/**
	 * Admits every update and remembers nothing.
	 */
	private static final class KeepsNothing implements TatStore {

		@Override
		public long read(String itemName, Duration timeout) {
			return 0;
		}

		@Override
		public TatOutcome add(String itemName, TatUpdate update, Duration timeout) {
			return TatOutcome.applied(update.addedTo(0));
		}

		@Override
		public void delete(String itemName, Duration timeout) {
		}

	}

}
