package io.github.leakybucket.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.annotation.RateLimitedException;
import io.github.leakybucket.kv.KeyValueStore;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The calls each scenario makes.
 */
final class Workloads {

	static final int VALUE_SIZE = 100;

	private static final AttributeValue LATEST = AttributeValue.fromN(Long.toString(Long.MAX_VALUE));

	private Workloads() {
	}

	static String[] keys(int count) {
		String[] keys = new String[count];
		for (int i = 0; i < count; i++) {
			keys[i] = "user-" + i;
		}
		return keys;
	}

	/**
	 * One conditional {@code UpdateItem} shaped like ours: it sets a number and a TTL if the item is absent or its
	 * number is below a bound, and returns the new values. The bound is far away so that the condition always holds:
	 * the floor for one decision's round trip.
	 */
	static Workload rawUpdateItem(DynamoDbClient client, String table, String prefix, int keys) {
		String[] names = keys(keys);
		Map<String, String> attributeNames = Map.of("#name", "name", "#tat", "tat", "#ttl", "_ttl");
		return (key) -> {
			long now = System.currentTimeMillis() * 1_000_000;
			client.updateItem((request) -> request.tableName(table)
				.key(Map.of("name", AttributeValue.fromS(prefix + names[key])))
				.updateExpression("SET #tat = :tat, #ttl = :ttl")
				.conditionExpression("attribute_not_exists(#name) OR #tat <= :latest")
				.expressionAttributeNames(attributeNames)
				.expressionAttributeValues(Map.of(":tat", AttributeValue.fromN(Long.toString(now + 1000)), ":ttl",
						AttributeValue.fromN(Long.toString(now / 1_000_000_000L + 120)), ":latest",
						LATEST))
				.returnValues(ReturnValue.UPDATED_NEW));
			return true;
		};
	}

	static Workload tryAdd(BucketRegistry registry, String hotName, String keyedName, int keys) {
		IntFunction<Bucket> buckets = buckets(registry, hotName, keyedName, keys);
		return (key) -> buckets.apply(key).tryAdd(1).admitted();
	}

	static IntFunction<CompletableFuture<BucketState>> tryAddAsync(BucketRegistry registry, String hotName,
			String keyedName, int keys) {
		IntFunction<Bucket> buckets = buckets(registry, hotName, keyedName, keys);
		return (key) -> buckets.apply(key).tryAddAsync(1);
	}

	/** One hot bucket, or a keyed bucket per key index. */
	private static IntFunction<Bucket> buckets(BucketRegistry registry, String hotName, String keyedName, int keys) {
		if (keys == 1) {
			Bucket bucket = registry.bucket(hotName);
			return (key) -> bucket;
		}
		String[] names = keys(keys);
		return (key) -> registry.bucket(keyedName, names[key]);
	}

	static Workload tryAdd(Bucket bucket) {
		return (key) -> bucket.tryAdd(1).admitted();
	}

	static Workload tryConsume(ProxyManager<String> proxies, String prefix, int keys,
			Supplier<BucketConfiguration> configuration) {
		String[] names = keys(keys);
		BucketProxy[] buckets = new BucketProxy[keys];
		for (int i = 0; i < keys; i++) {
			buckets[i] = proxies.builder().build(prefix + names[i], configuration);
		}
		return (key) -> buckets[key].tryConsume(1);
	}

	static Workload rateLimited(RateLimitedCalls calls, int keys) {
		String[] names = keys(keys);
		return (key) -> {
			try {
				return (keys == 1) ? calls.hot() : calls.keyed(names[key]);
			}
			catch (RateLimitedException ex) {
				return false;
			}
		};
	}

	static Workload rawGetItem(DynamoDbClient client, String table, String partition, int keys) {
		String[] names = keys(keys);
		return (key) -> {
			client.getItem((request) -> request.tableName(table)
				.key(Map.of("id", AttributeValue.fromS(partition), "name", AttributeValue.fromS(names[key])))
				.consistentRead(true));
			return true;
		};
	}

	/**
	 * The same {@code UpdateItem} as a key/value put: payload set, version incremented.
	 */
	static Workload rawPutItem(DynamoDbClient client, String table, String partition, int keys) {
		String[] names = keys(keys);
		SdkBytes value = SdkBytes.fromByteArray(new byte[VALUE_SIZE]);
		Map<String, String> attributeNames = Map.of("#payload", "payload", "#version", "version");
		Map<String, AttributeValue> values = Map.of(":payload", AttributeValue.fromB(value), ":zero",
				AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"));
		return (key) -> {
			client.updateItem((request) -> request.tableName(table)
				.key(Map.of("id", AttributeValue.fromS(partition), "name", AttributeValue.fromS(names[key])))
				.updateExpression("SET #payload = :payload, #version = if_not_exists(#version, :zero) + :one")
				.expressionAttributeNames(attributeNames)
				.expressionAttributeValues(values));
			return true;
		};
	}

	static Workload kvGet(KeyValueStore store, int keys) {
		String[] names = keys(keys);
		return (key) -> {
			store.get(names[key]);
			return true;
		};
	}

	static Workload kvPut(KeyValueStore store, int keys) {
		String[] names = keys(keys);
		byte[] value = new byte[VALUE_SIZE];
		return (key) -> {
			store.put(names[key], value);
			return true;
		};
	}

	static BucketConfiguration bucket4jConfiguration(long capacity, Duration drainTime) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, drainTime))
			.build();
	}

}
