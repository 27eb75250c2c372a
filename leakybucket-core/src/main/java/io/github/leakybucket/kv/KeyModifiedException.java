package io.github.leakybucket.kv;

import java.util.Optional;

/**
 * Thrown by a compare-and-swap when the stored pair is not the expected one: another write changed its version, or
 * it was deleted or expired. Carries the pair as it is now, so a retry loop needs no extra read.
 */
public class KeyModifiedException extends KeyValueStoreException {

	private static final long serialVersionUID = 1L;

	private final long expectedVersion;

	private final transient KVPair current;

	/**
	 * Creates an exception.
	 * @param key the key
	 * @param expectedVersion the version the caller expected, {@code 0} if it expected no pair
	 * @param current the pair as stored now, or {@code null} if there is none (or it expired)
	 */
	public KeyModifiedException(String key, long expectedVersion, KVPair current) {
		super(key, "Key '" + key + "' was modified: expected "
				+ ((expectedVersion > 0) ? "version " + expectedVersion : "no pair") + ", found "
				+ ((current != null) ? "version " + current.version() : "none (deleted or expired)"));
		this.expectedVersion = expectedVersion;
		this.current = current;
	}

	/**
	 * Returns the version the caller expected.
	 * @return the expected version, {@code 0} if the caller expected no pair
	 */
	public long getExpectedVersion() {
		return this.expectedVersion;
	}

	/**
	 * Returns the pair as stored when the swap failed.
	 * @return the current pair, or empty if the key does not exist or has expired
	 */
	public Optional<KVPair> getCurrent() {
		return Optional.ofNullable(this.current);
	}

}
