package io.github.leakybucket;

import java.time.Duration;

/**
 * A decision waited for its storage longer than its bound; the bucket's {@link FailureMode} answered instead.
 */
public class StorageTimeoutException extends BucketStorageException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param bucketName the bucket's name
	 * @param waited how long the decision waited
	 */
	public StorageTimeoutException(String bucketName, Duration waited) {
		super("Bucket '" + bucketName + "' got no answer from its storage within " + waited, null);
	}

}
