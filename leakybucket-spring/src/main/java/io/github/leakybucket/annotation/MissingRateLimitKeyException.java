package io.github.leakybucket.annotation;

import java.util.Objects;

/**
 * Thrown, before the method runs, when the key of a per-key {@link RateLimited @RateLimited} bucket evaluates to
 * {@code null}: a null key would share one bucket between unrelated calls. Usually the request lacks what the key is
 * read from, such as a header.
 */
public class MissingRateLimitKeyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String bucketName;

	/**
	 * Creates an exception.
	 * @param bucketName the bucket whose key is null
	 * @param method the rate-limited method, for the message
	 */
	public MissingRateLimitKeyException(String bucketName, String method) {
		super("Rate-limit key of bucket '" + bucketName + "' is null for " + method
				+ "; a null key would share one bucket between unrelated calls");
		this.bucketName = Objects.requireNonNull(bucketName, "bucketName");
	}

	/**
	 * Returns the name of the bucket whose key is null.
	 * @return the bucket name
	 */
	public String getBucketName() {
		return this.bucketName;
	}

}
