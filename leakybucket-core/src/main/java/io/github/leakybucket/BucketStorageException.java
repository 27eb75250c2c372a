package io.github.leakybucket;

/**
 * The storage of a bucket failed with something other than an unchecked exception of its client, such as an
 * {@link Error}; the bucket's {@link FailureMode} answered instead.
 */
public class BucketStorageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed
	 * @param cause the cause, or {@code null}
	 */
	public BucketStorageException(String message, Throwable cause) {
		super(message, cause);
	}

}
