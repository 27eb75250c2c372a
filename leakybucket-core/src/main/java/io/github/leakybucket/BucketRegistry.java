package io.github.leakybucket;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.github.leakybucket.limits.Limit;
import io.github.leakybucket.limits.LimitResolver;

/**
 * The configured buckets, looked up by name, or by name and key for per-key buckets.
 * <p>
 * Handles are reused, so that each keeps what it learned of its bucket's level. Per-key handles live in a bounded
 * cache, each expiring once unused for its drain time: a flood of distinct keys cannot exhaust memory.
 * <p>
 * A per-key bucket takes its capacity and drain time from the {@link LimitResolver}, asked on every lookup, or else
 * from its bucket's configuration; reserve and failure mode always come from the configuration (the reserve at most
 * the key's capacity). A cached handle whose limit has changed is replaced by one with the new limit, on the same
 * stored item: {@link LimitResolver} tells what that does to the stored level. Calls in flight on the old handle
 * finish on the old limit; units it had reserved ahead are not handed out and drain away.
 */
public final class BucketRegistry {

	private final BucketStorage storage;

	private final Map<String, BucketConfig> configs;

	private final Map<String, Bucket> buckets;

	private final Cache<NameAndKey, Bucket> keyedBuckets;

	private final LimitResolver limits;

	/**
	 * Creates a registry in which every key has its bucket's limit.
	 * @param storage where buckets keep their level
	 * @param configs configuration by bucket name
	 * @param maxKeyedBuckets how many per-key handles to keep at most
	 */
	public BucketRegistry(BucketStorage storage, Map<String, BucketConfig> configs, long maxKeyedBuckets) {
		this(storage, configs, maxKeyedBuckets, LimitResolver.none());
	}

	/**
	 * Creates a registry.
	 * @param storage where buckets keep their level
	 * @param configs configuration by bucket name
	 * @param maxKeyedBuckets how many per-key handles to keep at most
	 * @param limits the per-key limits
	 */
	public BucketRegistry(BucketStorage storage, Map<String, BucketConfig> configs, long maxKeyedBuckets,
			LimitResolver limits) {
		if (maxKeyedBuckets < 0) {
			throw new IllegalArgumentException("maxKeyedBuckets must not be negative: " + maxKeyedBuckets);
		}
		this.storage = Objects.requireNonNull(storage, "storage");
		this.limits = Objects.requireNonNull(limits, "limits");
		this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
		Map<String, Bucket> buckets = new LinkedHashMap<>();
		this.configs.forEach((name, config) -> buckets.put(name, storage.create(name, config)));
		this.buckets = Collections.unmodifiableMap(buckets);
		this.keyedBuckets = Caffeine.newBuilder()
			.maximumSize(maxKeyedBuckets)
			.expireAfter(Expiry.accessing((NameAndKey id, Bucket bucket) -> bucket.drainTime()))
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
	 * Returns the bucket of that name for one key, with the key's limit. Makes no request.
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
		Limit limit = this.limits.limit(name, key).orElse(null);
		NameAndKey id = new NameAndKey(name, key);
		Bucket bucket = this.keyedBuckets.get(id, (absent) -> create(name, key, config, limit));
		if (hasLimit(bucket, config, limit)) {
			return bucket;
		}
		return this.keyedBuckets.asMap()
			.compute(id, (replaced, current) -> (current != null && hasLimit(current, config, limit)) ? current
					: create(name, key, config, limit));
	}

	/**
	 * Returns the configuration of one key's bucket: its bucket's, with the key's limit if it has one.
	 * @param name a configured bucket name
	 * @param key the key
	 * @return the key's configuration
	 * @throws IllegalArgumentException if no bucket of that name is configured
	 */
	public BucketConfig config(String name, String key) {
		BucketConfig config = config(name);
		return this.limits.limit(name, key).map((limit) -> limit.applyTo(config)).orElse(config);
	}

	/**
	 * Returns the per-key limits of a bucket that the resolver knows of, for display.
	 * @param name a configured bucket name
	 * @return the limits by key
	 * @see LimitResolver#limits(String)
	 */
	public Map<String, Limit> limits(String name) {
		config(name);
		return this.limits.limits(name);
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

	private Bucket create(String name, String key, BucketConfig config, Limit limit) {
		return this.storage.create(name, key, (limit != null) ? limit.applyTo(config) : config);
	}

	private static boolean hasLimit(Bucket bucket, BucketConfig config, Limit limit) {
		long capacity = (limit != null) ? limit.capacity() : config.capacity();
		return bucket.capacity() == capacity
				&& bucket.drainTime().equals((limit != null) ? limit.drainTime() : config.drainTime());
	}

	private IllegalArgumentException unknown(String name) {
		return new IllegalArgumentException(
				"No bucket named '" + name + "' is configured; configured buckets are " + this.configs.keySet());
	}

	private record NameAndKey(String name, String key) {
	}

}
