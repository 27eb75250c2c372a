package io.github.leakybucket.kv;

/**
 * Thrown by {@link KeyValueStore#atomicPut(String, byte[], KVPair) atomicPut} with no previous pair when the key
 * exists and has not expired: the create lost a race.
 */
public class KeyExistsException extends KeyValueStoreException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param key the key that exists
	 */
	public KeyExistsException(String key) {
		super(key, "Key '" + key + "' already exists");
	}

}
