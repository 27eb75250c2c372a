package io.github.leakybucket.annotation;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;

/**
 * Told about the decision for every {@link RateLimited @RateLimited} invocation, before the method or its fallback
 * runs, on the invoking thread. Beans of this type are picked up by {@link RateLimitedBeanPostProcessor}; keep them
 * cheap.
 */
@FunctionalInterface
public interface RateLimitedDecisionObserver {

	/**
	 * Called after the bucket decided.
	 * @param bucket the bucket that was drained, or was full
	 * @param state the state the decision saw, with {@link BucketState#admitted()} telling which
	 */
	void onDecision(Bucket bucket, BucketState state);

}
