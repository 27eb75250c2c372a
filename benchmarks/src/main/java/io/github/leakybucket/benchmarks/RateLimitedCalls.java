package io.github.leakybucket.benchmarks;

import io.github.leakybucket.annotation.RateLimited;

/**
 * A bean whose methods are rate limited by annotation, for comparing with direct {@code Bucket.tryAdd} calls.
 */
public class RateLimitedCalls {

	/** Bucket without keys that {@link #hot()} drains. */
	static final String HOT = "annotated-hot";

	/** Per-key bucket that {@link #keyed(String)} drains. */
	static final String KEYED = "annotated-keyed";

	/**
	 * A call on one shared bucket.
	 * @return {@code true}
	 */
	@RateLimited(HOT)
	public boolean hot() {
		return true;
	}

	/**
	 * A call on the bucket of one key.
	 * @param key the key
	 * @return {@code true}
	 */
	@RateLimited(bucket = KEYED, key = "#key")
	public boolean keyed(String key) {
		return true;
	}

}
