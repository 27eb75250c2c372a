package io.github.leakybucket.kv;

/**
 * Base of the exceptions a {@link KeyValueStore} throws for outcomes the caller can act on. Failures of the
 * underlying storage (network, throttling, missing table) surface as that storage's own exceptions.
 */
public abstract class KeyValueStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String key;

	/**
	 * Creates an exception.
	 * @param key the key concerned, or {@code null} if several are
	 * @param message the message
	 */
	protected KeyValueStoreException(String key, String message) {
		super(message);
		this.key = key;
	}

	/**
	 * Returns the key concerned.
	 * @return the key, or {@code null} if the exception concerns several keys
	 */
	public String getKey() {
		return this.key;
	}

}
