package io.github.leakybucket;

import java.time.Duration;
import java.util.Objects;

/**
 * How a bucket behaves. Validated on creation, so a bad value fails where it is configured.
 *
 * @param capacity units the bucket holds; at least 1
 * @param drainTime how long a full bucket takes to drain; from one millisecond to {@link #MAX_DRAIN_TIME}
 * @param reserve units a JVM reserves ahead with one write and hands out locally; 0 for none, at most
 * {@code capacity}
 * @param failureMode what a decision answers when the storage fails
 */
public record BucketConfig(long capacity, Duration drainTime, long reserve, FailureMode failureMode) {

	/**
	 * Longest drain time: 50 years, so that epoch nanoseconds up to the year 2200, plus a drain time and a day of
	 * clock skew, still fit in a {@code long} (which ends in 2262).
	 */
	public static final Duration MAX_DRAIN_TIME = Duration.ofDays(18_250);

	/**
	 * Creates a configuration, checking its values.
	 */
	public BucketConfig {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
		}
		Objects.requireNonNull(drainTime, "drainTime must not be null");
		if (drainTime.compareTo(Duration.ofMillis(1)) < 0) {
			throw new IllegalArgumentException("drainTime must be at least 1ms: " + drainTime);
		}
		if (drainTime.compareTo(MAX_DRAIN_TIME) > 0) {
			throw new IllegalArgumentException("drainTime must be at most " + MAX_DRAIN_TIME + ": " + drainTime);
		}
		if (reserve < 0 || reserve > capacity) {
			throw new IllegalArgumentException(
					"reserve must be between 0 and capacity " + capacity + ": " + reserve);
		}
		Objects.requireNonNull(failureMode, "failureMode must not be null");
	}

	/**
	 * Returns a configuration without reserve that fails open.
	 * @param capacity units the bucket holds
	 * @param drainTime how long a full bucket takes to drain
	 * @return the configuration
	 */
	public static BucketConfig of(long capacity, Duration drainTime) {
		return new BucketConfig(capacity, drainTime, 0, FailureMode.FAIL_OPEN);
	}

	/**
	 * Returns a copy with the given reserve.
	 * @param reserve units to reserve ahead
	 * @return the new configuration
	 */
	public BucketConfig withReserve(long reserve) {
		return new BucketConfig(this.capacity, this.drainTime, reserve, this.failureMode);
	}

	/**
	 * Returns a copy with the given failure mode.
	 * @param failureMode what a decision answers when the storage fails
	 * @return the new configuration
	 */
	public BucketConfig withFailureMode(FailureMode failureMode) {
		return new BucketConfig(this.capacity, this.drainTime, this.reserve, failureMode);
	}

}
