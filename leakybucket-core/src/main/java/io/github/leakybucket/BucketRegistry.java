package io.github.leakybucket;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The configured buckets, looked up by name, or by name and key for per-key buckets.
 * <p>
 * Handles are reused, so that each keeps what it learned of its bucket's level. Per-key handles live in a bounded
 * cache, each expiring once its bucket would have drained: a flood of distinct keys cannot exhaust memory.
 */
public final class BucketRegistry {

	private final BucketStorage storage;

	private final Map<String, BucketConfig> configs;

	private final Map<String, Bucket> buckets;

	private final Cache<NameAndKey, Bucket> keyedBuckets;

	/**
	 * Creates a registry.
	 * @param storage where buckets keep their level
	 * @param configs configuration by bucket name
	 * @param maxKeyedBuckets how many per-key handles to keep at most
	 */
	public BucketRegistry(BucketStorage storage, Map<String, BucketConfig> configs, long maxKeyedBuckets) {
		if (maxKeyedBuckets < 0) {
			throw new IllegalArgumentException("maxKeyedBuckets must not be negative: " + maxKeyedBuckets);
		}
		this.storage = Objects.requireNonNull(storage, "storage");
		this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
		Map<String, Bucket> buckets = new LinkedHashMap<>();
		this.configs.forEach((name, config) -> buckets.put(name, storage.create(name, config)));
		this.buckets = Collections.unmodifiableMap(buckets);
		this.keyedBuckets = Caffeine.newBuilder()
			.maximumSize(maxKeyedBuckets)
			.expireAfterAccess(this.configs.values()
				.stream()
				.map(BucketConfig::drainTime)
				.max(Duration::compareTo)
				.orElse(Duration.ofMinutes(1)))
			.build();
	}

	/**
	 * Returns the bucket without keys of that name.
	 * @param name a configured bucket name
	 * @return the bucket
	 * @throws IllegalArgumentException if no bucket of that name is configured
	 */
	public Bucket bucket(String name) {
		Bucket bucket = this.buckets.get(name);
		if (bucket == null) {
			throw unknown(name);
		}
		return bucket;
	}

	/**
	 * Returns the bucket of that name for one key.
	 * @param name a configured bucket name
	 * @param key the key, such as a user id
	 * @return the bucket
	 * @throws IllegalArgumentException if no bucket of that name is configured or the key is null
	 */
	public Bucket bucket(String name, String key) {
		if (key == null) {
			throw new IllegalArgumentException("key must not be null for bucket '" + name + "'");
		}
		BucketConfig config = config(name);
		return this.keyedBuckets.get(new NameAndKey(name, key), (id) -> this.storage.create(name, key, config));
	}

	/**
	 * Returns the names of the configured buckets.
	 * @return the names, in configuration order
	 */
	public Set<String> names() {
		return this.configs.keySet();
	}

	/**
	 * Returns whether a bucket of that name is configured.
	 * @param name the bucket name
	 * @return {@code true} if it is configured
	 */
	public boolean contains(String name) {
		return this.configs.containsKey(name);
	}

	/**
	 * Returns the configuration of a bucket.
	 * @param name a configured bucket name
	 * @return its configuration
	 * @throws IllegalArgumentException if no bucket of that name is configured
	 */
	public BucketConfig config(String name) {
		BucketConfig config = this.configs.get(name);
		if (config == null) {
			throw unknown(name);
		}
		return config;
	}

	/**
	 * Returns how many per-key handles are cached now.
	 * @return the cached per-key handle count
	 */
	public long keyedBucketCount() {
		this.keyedBuckets.cleanUp();
		return this.keyedBuckets.estimatedSize();
	}

	private IllegalArgumentException unknown(String name) {
		return new IllegalArgumentException(
				"No bucket named '" + name + "' is configured; configured buckets are " + this.configs.keySet());
	}

	private record NameAndKey(String name, String key) {
	}

}
