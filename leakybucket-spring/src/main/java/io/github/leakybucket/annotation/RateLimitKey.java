package io.github.leakybucket.annotation;

import org.jspecify.annotations.Nullable;

/**
 * Computes the key of a per-key bucket from an invocation.
 */
@FunctionalInterface
interface RateLimitKey {

	/**
	 * Computes the key.
	 * @param arguments the invocation's arguments
	 * @param target the target object
	 * @return the key value, or {@code null}
	 */
	@Nullable Object compute(@Nullable Object[] arguments, @Nullable Object target);

}
