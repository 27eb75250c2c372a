package io.github.leakybucket.annotation;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;

/**
 * Told about the decision for every {@link RateLimited @RateLimited} invocation, before the method or its fallback
 * runs: on the invoking thread for a blocking method, on the thread that completed the decision for a
 * {@code CompletionStage} or reactive one. Beans of this type are picked up by {@link RateLimitedBeanPostProcessor};
 * keep them cheap and non-blocking.
 * <p>
 * For a method returning a reactive type, an observer in the subscriber's Reactor context under the key
 * {@code RateLimitedDecisionObserver.class} is told as well, which lets a WebFlux filter reach its own exchange.
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
