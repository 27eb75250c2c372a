package io.github.leakybucket.lease;

import io.github.leakybucket.kv.FencingToken;

/**
 * Thrown when a holder finds that its lease is no longer held: its local deadline passed, another process took it
 * over, or it was released.
 */
public class LeaseLostException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final FencingToken token;

	/**
	 * Creates an exception.
	 * @param token the token of the lost lease
	 * @param reason why it is lost
	 */
	public LeaseLostException(FencingToken token, String reason) {
		super("Lease '" + token.lease() + "' with token " + token.value() + " is lost: " + reason);
		this.token = token;
	}

	/**
	 * Returns the token of the lost lease.
	 * @return the token
	 */
	public FencingToken getToken() {
		return this.token;
	}

}
