package io.github.leakybucket;

/**
 * Told about every decision a bucket makes, for metrics. Called on the deciding thread: keep it cheap.
 */
public interface DecisionListener {

	/** A listener that does nothing. */
	DecisionListener NONE = new DecisionListener() {
	};

	/**
	 * Called after a decision.
	 * @param bucket the bucket
	 * @param state the state the decision saw
	 * @param source where the decision was answered
	 */
	default void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
	}

	/**
	 * Called when the storage failed and the bucket's failure mode answered instead.
	 * @param bucket the bucket
	 * @param error what failed
	 * @param state the state answered, per the failure mode
	 */
	default void onError(Bucket bucket, RuntimeException error, BucketState state) {
	}

}
