package io.github.leakybucket.annotation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

import io.github.leakybucket.BucketState;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link RateLimited @RateLimited} invocation is rejected: because its cost does not fit in the bucket,
 * or because the bucket's storage failed and its {@link io.github.leakybucket.FailureMode#FAIL_CLOSED fail-closed}
 * mode rejected the call ({@link #isStorageFailed()}). Carries what an HTTP response needs to tell the client why
 * and when to retry.
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
		super(message(bucketName, key, state));
		this.bucketName = Objects.requireNonNull(bucketName, "bucketName");
		this.key = key;
		this.drainTime = Objects.requireNonNull(drainTime, "drainTime");
		this.state = Objects.requireNonNull(state, "state");
	}

	private static String message(String bucketName, @Nullable String key, BucketState state) {
		String bucket = "bucket '" + bucketName + "'" + ((key != null) ? " key '" + key + "'" : "");
		if (state.storageFailed()) {
			return "Storage of " + bucket + " failed and its failure mode rejected the call";
		}
		return "Rate limit of " + bucket + " exceeded; retry after " + state.retryAfter();
	}

	/**
	 * Returns the name of the bucket that rejected the call.
	 * @return the bucket name
	 */
	public String getBucketName() {
		return this.bucketName;
	}

	/**
	 * Returns the key of the per-key bucket that rejected the call.
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
	 * Returns whether the call was rejected because the bucket's storage failed, not because the limit was reached.
	 * @return {@code true} if the bucket's fail-closed failure mode rejected the call
	 */
	public boolean isStorageFailed() {
		return this.state.storageFailed();
	}

	/**
	 * Returns how long until the same cost would fit.
	 * @return the retry-after duration
	 */
	public Duration getRetryAfter() {
		return this.state.retryAfter();
	}

}
