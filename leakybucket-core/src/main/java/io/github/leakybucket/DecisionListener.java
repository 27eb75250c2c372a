package io.github.leakybucket;

import java.time.Duration;
import java.util.List;

/**
 * Told about every decision a bucket makes, for metrics. Called on the deciding thread: keep it cheap.
 */
public interface DecisionListener {

	/** A listener that does nothing. */
	DecisionListener NONE = new DecisionListener() {
	};

	/**
	 * Returns a listener that tells each of the given listeners, in order.
	 * @param listeners the listeners
	 * @return a single listener, {@link #NONE} if there are none
	 */
	static DecisionListener allOf(List<DecisionListener> listeners) {
		List<DecisionListener> all = List.copyOf(listeners);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new DecisionListener() {

			@Override
			public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
				for (DecisionListener listener : all) {
					listener.onDecision(bucket, state, source);
				}
			}

			@Override
			public void onError(Bucket bucket, RuntimeException error, BucketState state) {
				for (DecisionListener listener : all) {
					listener.onError(bucket, error, state);
				}
			}

			@Override
			public void onClockSkew(Bucket bucket, Duration ahead) {
				for (DecisionListener listener : all) {
					listener.onClockSkew(bucket, ahead);
				}
			}

		};
	}

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

	/**
	 * Called when a stored level proves that another host's clock is ahead of this one's (or this one's behind):
	 * its {@code tat} lies more than a drain time after this host's {@code now}. The bucket then decides on the
	 * later clock, so that the faster host cannot starve this one.
	 * @param bucket the bucket
	 * @param ahead how far ahead the other clock is, at least
	 */
	default void onClockSkew(Bucket bucket, Duration ahead) {
	}

}
