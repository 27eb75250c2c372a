package io.github.leakybucket.annotation;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * What {@link RateLimited @RateLimited} asks of one method, parsed and checked once.
 *
 * @param bucket the bucket name
 * @param key how to compute the key from an invocation, or {@code null} for a shared bucket
 * @param cost units drained per invocation
 * @param fallback the fallback method, or {@code null} for none
 * @param fallbackTakesException whether the fallback's last parameter is the {@link RateLimitedException}
 * @param description the method as {@code Class.method(ParameterTypes)}, for messages
 */
record RateLimitSpec(String bucket, @Nullable RateLimitKey key, long cost, @Nullable Method fallback,
		boolean fallbackTakesException, String description) {

	/**
	 * Marks a method without {@code @RateLimited}, so that the cache can remember it.
	 */
	static final RateLimitSpec NONE = new RateLimitSpec("", null, 0, null, false, "");

}
