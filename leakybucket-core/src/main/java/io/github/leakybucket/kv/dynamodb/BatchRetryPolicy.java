package io.github.leakybucket.kv.dynamodb;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How bulk operations retry the keys that BatchGetItem and BatchWriteItem leave unprocessed: exponential backoff with
 * full jitter, a bounded number of attempts.
 *
 * @param maxAttempts attempts per batch, the first included, at least 1
 * @param initialBackoff the backoff before the first retry, before jitter
 * @param maxBackoff the longest backoff, before jitter
 */
public record BatchRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	private static final BatchRetryPolicy DEFAULTS = new BatchRetryPolicy(8, Duration.ofMillis(25),
			Duration.ofSeconds(1));

	/**
	 * Creates a policy.
	 * @param maxAttempts attempts per batch, the first included, at least 1
	 * @param initialBackoff the backoff before the first retry, not negative
	 * @param maxBackoff the longest backoff, at least the initial backoff
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public BatchRetryPolicy {
		Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
		Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
		}
		if (initialBackoff.isNegative()) {
			throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
		}
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(
					"maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
		}
	}

	/**
	 * Returns the default policy: 8 attempts, backoff from 25 ms doubling up to 1 s.
	 * @return the default policy
	 */
	public static BatchRetryPolicy defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a random backoff before the given retry, between zero and the exponential bound.
	 * @param retry the retry, 1 for the first
	 * @return the backoff
	 */
	public Duration backoff(int retry) {
		double exponential = this.initialBackoff.toMillis() * Math.pow(2, Math.max(retry - 1, 0));
		long bound = (long) Math.min(this.maxBackoff.toMillis(), exponential);
		return Duration.ofMillis((bound == 0) ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
	}

}
