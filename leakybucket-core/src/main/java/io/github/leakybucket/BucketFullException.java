package io.github.leakybucket;

/**
 * Thrown by {@link Bucket#add(long)} when the amount does not fit. Carries the state the decision saw.
 */
public class BucketFullException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient BucketState state;

	/**
	 * Creates an exception for a rejected amount.
	 * @param bucket the bucket that was full
	 * @param state the state the decision saw
	 */
	public BucketFullException(Bucket bucket, BucketState state) {
		super("Bucket '" + bucket.name() + "'" + ((bucket.key() != null) ? " key '" + bucket.key() + "'" : "")
				+ " is full: " + state.remaining() + " of " + state.capacity() + " units remain, retry after "
				+ state.retryAfter());
		this.state = state;
	}

	/**
	 * Returns the state the rejecting decision saw.
	 * @return the state
	 */
	public BucketState getState() {
		return this.state;
	}

}
