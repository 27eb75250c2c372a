package io.github.leakybucket.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link TatStore} whose calls return at once and complete later, without blocking a thread. Same semantics; a
 * failure completes the future exceptionally. Each returned future must complete within the given timeout.
 */
public interface AsyncTatStore {

	/**
	 * Reads the stored {@code tat}; see {@link TatStore#read}.
	 * @param itemName the bucket's storage name
	 * @param timeout how long the request may take at most
	 * @return the stored {@code tat}, 0 for an absent item
	 */
	CompletableFuture<Long> read(String itemName, Duration timeout);

	/**
	 * Adds the update's cost if it fits; see {@link TatStore#add}.
	 * @param itemName the bucket's storage name
	 * @param update what to add, and the condition
	 * @param timeout how long the request may take at most
	 * @return the outcome
	 */
	CompletableFuture<TatOutcome> add(String itemName, TatUpdate update, Duration timeout);

	/**
	 * Deletes the item; see {@link TatStore#delete}.
	 * @param itemName the bucket's storage name
	 * @param timeout how long the request may take at most
	 * @return completes when the item is gone
	 */
	CompletableFuture<Void> delete(String itemName, Duration timeout);

}
