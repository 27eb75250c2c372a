package io.github.leakybucket.kv;

/**
 * Thrown by a fenced write whose token is older than the newest token already recorded on the key: the writer's
 * lease was taken over, and a newer holder has written since. Nothing was written.
 */
public class StaleTokenException extends KeyValueStoreException {

	private static final long serialVersionUID = 1L;

	private final FencingToken token;

	private final FencingToken recorded;

	/**
	 * Creates an exception.
	 * @param key the key
	 * @param token the token the write carried
	 * @param recorded the newer token recorded on the key
	 */
	public StaleTokenException(String key, FencingToken token, FencingToken recorded) {
		super(key, "Write to key '" + key + "' refused: token " + token.value() + " of lease '" + token.lease()
				+ "' is stale, the key has recorded token " + recorded.value());
		this.token = token;
		this.recorded = recorded;
	}

	/**
	 * Returns the token the refused write carried.
	 * @return the stale token
	 */
	public FencingToken getToken() {
		return this.token;
	}

	/**
	 * Returns the newest token recorded on the key.
	 * @return the recorded token
	 */
	public FencingToken getRecordedToken() {
		return this.recorded;
	}

}
