package io.github.leakybucket;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of a bucket as one decision saw it.
 *
 * @param capacity units the bucket holds
 * @param remaining units that fit after the decision, {@code floor(capacity - level)}
 * @param reset the instant the level reaches zero
 * @param admitted whether the amount was added
 * @param retryAfter how long until the same amount would fit; zero when admitted
 * @param storageFailed whether the storage failed and the bucket's {@link FailureMode} answered instead: a rejection
 * then says nothing about the limit
 */
public record BucketState(long capacity, long remaining, Instant reset, boolean admitted, Duration retryAfter,
		boolean storageFailed) {

	/**
	 * Creates a state, checking its values.
	 */
	public BucketState {
		Objects.requireNonNull(reset, "reset");
		Objects.requireNonNull(retryAfter, "retryAfter");
		if (remaining < 0 || remaining > capacity) {
			throw new IllegalArgumentException("remaining must be between 0 and capacity " + capacity + ": " + remaining);
		}
		if (admitted && !retryAfter.isZero()) {
			throw new IllegalArgumentException("retryAfter must be zero when admitted: " + retryAfter);
		}
	}

	/**
	 * Returns the state of an admitted amount.
	 * @param capacity units the bucket holds
	 * @param remaining units that still fit
	 * @param reset when the bucket will be empty
	 * @return an admitted state
	 */
	public static BucketState admitted(long capacity, long remaining, Instant reset) {
		return new BucketState(capacity, remaining, reset, true, Duration.ZERO, false);
	}

	/**
	 * Returns the state of a rejected amount.
	 * @param capacity units the bucket holds
	 * @param remaining units that fit now
	 * @param reset when the bucket will be empty
	 * @param retryAfter how long until the amount would fit
	 * @return a rejected state
	 */
	public static BucketState rejected(long capacity, long remaining, Instant reset, Duration retryAfter) {
		return new BucketState(capacity, remaining, reset, false, retryAfter, false);
	}

	/**
	 * Returns the state answered by a bucket's {@link FailureMode} because the storage failed.
	 * @param capacity units the bucket holds
	 * @param remaining units last known to fit
	 * @param reset when the bucket was last known to be empty
	 * @param admitted whether the failure mode admits
	 * @param retryAfter how long a rejected caller should wait; zero when admitted
	 * @return a state marked {@link #storageFailed()}
	 */
	public static BucketState failed(long capacity, long remaining, Instant reset, boolean admitted,
			Duration retryAfter) {
		return new BucketState(capacity, remaining, reset, admitted, retryAfter, true);
	}

	/**
	 * Returns the level as a fraction of the capacity, from the remaining units.
	 * @return {@code (capacity - remaining) / capacity}, from 0 to 1
	 */
	public double fill() {
		return (double) (this.capacity - this.remaining) / this.capacity;
	}

}
