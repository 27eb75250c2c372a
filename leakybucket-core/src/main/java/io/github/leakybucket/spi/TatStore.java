package io.github.leakybucket.spi;

import java.time.Duration;

/**
 * Where a bucket's theoretical arrival time ({@code tat}, epoch nanoseconds at which its level reaches zero) is
 * stored, one value per bucket item. Calls block; see {@link AsyncTatStore} for a store that does not.
 * <p>
 * Implementations must be linearizable per item: {@link #add} is one atomic compare-and-add.
 */
public interface TatStore {

	/**
	 * Reads the stored {@code tat} with one strongly consistent read.
	 * @param itemName the bucket's storage name
	 * @param timeout how long the request may take at most
	 * @return the stored {@code tat}, 0 for an absent item
	 * @throws io.github.leakybucket.MalformedBucketItemException if the item is not a bucket item
	 */
	long read(String itemName, Duration timeout);

	/**
	 * Adds the update's cost if it fits, with one atomic request: the new {@code tat} is
	 * {@code max(stored, now) + cost}, applied only if {@code max(stored, now) <= latestTat}.
	 * <p>
	 * A store that cannot compute {@code max} in one request, such as DynamoDB, may also refuse the update when the
	 * stored {@code tat} is on the other side of {@code now} than {@link TatUpdate#backlogExpected()} says; it returns
	 * the stored value all the same, and the engine tries again with the right guess.
	 * @param itemName the bucket's storage name
	 * @param update what to add, and the condition
	 * @param timeout how long the request may take at most
	 * @return whether the update applied, with the new {@code tat}, or the stored one that refused it
	 * @throws io.github.leakybucket.MalformedBucketItemException if the item is not a bucket item; nothing is written
	 */
	TatOutcome add(String itemName, TatUpdate update, Duration timeout);

	/**
	 * Deletes the item, which empties the bucket.
	 * @param itemName the bucket's storage name
	 * @param timeout how long the request may take at most
	 */
	void delete(String itemName, Duration timeout);

}
