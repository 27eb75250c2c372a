package io.github.leakybucket.kv;

import java.util.List;

/**
 * Thrown by a bulk operation when the storage still left keys unprocessed after the last retry. Keys processed
 * before stay processed: bulk operations are not atomic.
 */
public class BatchIncompleteException extends KeyValueStoreException {

	private static final long serialVersionUID = 1L;

	private static final int KEYS_IN_MESSAGE = 10;

	private final List<String> unprocessedKeys;

	/**
	 * Creates an exception.
	 * @param operation the bulk operation, for example {@code put-all}
	 * @param unprocessedKeys the keys left unprocessed
	 * @param attempts how many attempts were made
	 */
	public BatchIncompleteException(String operation, List<String> unprocessedKeys, int attempts) {
		super(null, operation + " left " + unprocessedKeys.size() + " key(s) unprocessed after " + attempts
				+ " attempt(s): " + sample(unprocessedKeys));
		this.unprocessedKeys = List.copyOf(unprocessedKeys);
	}

	private static String sample(List<String> keys) {
		return (keys.size() <= KEYS_IN_MESSAGE) ? keys.toString()
				: keys.subList(0, KEYS_IN_MESSAGE) + " and " + (keys.size() - KEYS_IN_MESSAGE) + " more";
	}

	/**
	 * Returns the keys left unprocessed.
	 * @return the keys
	 */
	public List<String> getUnprocessedKeys() {
		return this.unprocessedKeys;
	}

}
