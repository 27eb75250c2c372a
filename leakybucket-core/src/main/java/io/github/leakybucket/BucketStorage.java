package io.github.leakybucket;

import java.time.Duration;

/**
 * Where buckets keep their level.
 * <p>
 * {@code create} is find-or-create and makes no request: the stored level of an existing bucket wins, and is applied
 * by the first decision. Capacity and drain time always come from the caller.
 */
public interface BucketStorage {

	/**
	 * Returns a handle on the named bucket.
	 * @param name the bucket name
	 * @param capacity units the bucket holds
	 * @param drainTime how long a full bucket takes to drain
	 * @return the bucket
	 * @throws IllegalArgumentException if a value is out of range; the message names it
	 */
	default Bucket create(String name, long capacity, Duration drainTime) {
		return create(name, null, BucketConfig.of(capacity, drainTime));
	}

	/**
	 * Returns a handle on the named bucket.
	 * @param name the bucket name
	 * @param config the bucket's configuration
	 * @return the bucket
	 * @throws IllegalArgumentException if the name is empty or too long
	 */
	default Bucket create(String name, BucketConfig config) {
		return create(name, null, config);
	}

	/**
	 * Returns a handle on one bucket of a per-key family, such as one per user. Keys of any length work.
	 * @param name the bucket name
	 * @param key the key, or {@code null} for the bucket without keys
	 * @param config the bucket's configuration
	 * @return the bucket
	 * @throws IllegalArgumentException if the name is empty or too long
	 */
	Bucket create(String name, String key, BucketConfig config);

}
