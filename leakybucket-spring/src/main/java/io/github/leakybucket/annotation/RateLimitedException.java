package io.github.leakybucket.annotation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

import io.github.leakybucket.BucketState;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link RateLimited @RateLimited} invocation is rejected because its cost does not fit in the bucket.
 * Carries what an HTTP response needs to tell the client when to retry.
 */
public class RateLimitedException extends RejectedExecutionException {

	private static final long serialVersionUID = 1L;

	private final String bucketName;

	@Nullable
	private final String key;

	private final Duration drainTime;

	private final transient BucketState state;

	/**
	 * Creates an exception for a rejected invocation.
	 * @param bucketName the bucket name
	 * @param key the key of a per-key bucket, or {@code null} for a shared bucket
	 * @param drainTime how long the full bucket takes to drain
	 * @param state the state the rejecting decision saw
	 */
	public RateLimitedException(String bucketName, @Nullable String key, Duration drainTime, BucketState state) {
		super("Rate limit of bucket '" + bucketName + "'" + ((key != null) ? " key '" + key + "'" : "")
				+ " exceeded; retry after " + state.retryAfter());
		this.bucketName = Objects.requireNonNull(bucketName, "bucketName");
		this.key = key;
		this.drainTime = Objects.requireNonNull(drainTime, "drainTime");
		this.state = Objects.requireNonNull(state, "state");
	}

	/**
	 * Returns the name of the bucket that was full.
	 * @return the bucket name
	 */
	public String getBucketName() {
		return this.bucketName;
	}

	/**
	 * Returns the key of the per-key bucket that was full.
	 * @return the key, or {@code null} for a shared bucket
	 */
	@Nullable
	public String getKey() {
		return this.key;
	}

	/**
	 * Returns how long the full bucket takes to drain, which is the window of its policy.
	 * @return the drain time
	 */
	public Duration getDrainTime() {
		return this.drainTime;
	}

	/**
	 * Returns the state the rejecting decision saw.
	 * @return the state
	 */
	public BucketState getState() {
		return this.state;
	}

	/**
	 * Returns how long until the same cost would fit.
	 * @return the retry-after duration
	 */
	public Duration getRetryAfter() {
		return this.state.retryAfter();
	}

}
