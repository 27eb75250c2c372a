package io.github.leakybucket;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A leaky bucket (meter): its level drains continuously at {@code capacity / drainTime}, and an amount is admitted
 * only if it fits on top of the current level.
 * <p>
 * Instances are thread-safe and meant to be reused: a handle remembers the last state it saw, which lets it answer
 * some rejections without a request. The accessors reflect that last known state; a handle that has made no
 * decision yet reports an empty bucket.
 */
public interface Bucket {

	/**
	 * Returns the bucket's name, shared by all its keys.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the key that selects one bucket of a per-key family, such as a user id.
	 * @return the key, or {@code null} for a bucket without keys
	 */
	String key();

	/**
	 * Returns how many units the bucket holds.
	 * @return the capacity
	 */
	long capacity();

	/**
	 * Returns how long a full bucket takes to drain.
	 * @return the drain time
	 */
	Duration drainTime();

	/**
	 * Returns how many units fit now, as last known.
	 * @return the last known remaining units
	 */
	long remaining();

	/**
	 * Returns when the bucket will be empty, as last known.
	 * @return the instant the level reaches zero
	 */
	Instant reset();

	/**
	 * Returns the last known state.
	 * @return the state of the last decision, or an empty bucket if there was none
	 */
	BucketState state();

	/**
	 * Reads the stored level, without deciding anything, and makes it the last known state. One strongly consistent
	 * read for a stored bucket.
	 * @return the current state, as {@link BucketState#admitted() admitted} with zero retry-after
	 * @throws RuntimeException if the storage fails, such as an {@code SdkException}; the last known state is kept
	 */
	BucketState refresh();

	/**
	 * Empties the bucket for every handle that shares it: one delete for a stored bucket. Handles in other JVMs may
	 * still reject without a request, from the level they last saw, until that level drains or they
	 * {@link #refresh()}.
	 * @throws RuntimeException if the storage fails, such as an {@code SdkException}
	 */
	void drain();

	/**
	 * Adds the amount if it fits.
	 * @param amount units to add, from 1 to {@link #capacity()}
	 * @return the state after the amount was added
	 * @throws BucketFullException if the amount does not fit; it carries the state
	 * @throws IllegalArgumentException if the amount is not positive or exceeds the capacity
	 */
	default BucketState add(long amount) {
		BucketState state = tryAdd(amount);
		if (!state.admitted()) {
			throw new BucketFullException(this, state);
		}
		return state;
	}

	/**
	 * Adds the amount if it fits, and never throws because the bucket is full.
	 * @param amount units to add, from 1 to {@link #capacity()}
	 * @return the state, with {@link BucketState#admitted()} telling whether the amount was added
	 * @throws IllegalArgumentException if the amount is not positive or exceeds the capacity
	 */
	BucketState tryAdd(long amount);

	/**
	 * Adds the amount if it fits, answering later. On a storage with an asynchronous client no thread waits; on a
	 * blocking one, the calling thread decides as {@link #tryAdd} does and the future is complete on return.
	 * @param amount units to add, from 1 to {@link #capacity()}
	 * @return the state, as {@link #tryAdd} returns it; completes exceptionally with what {@link #tryAdd} would
	 * throw
	 */
	default CompletableFuture<BucketState> tryAddAsync(long amount) {
		try {
			return CompletableFuture.completedFuture(tryAdd(amount));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
