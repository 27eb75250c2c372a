package io.github.leakybucket.limits;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import io.github.leakybucket.BucketConfig;

/**
 * The limit of one key's bucket: its capacity and drain time, in place of its bucket's. Validated on creation, as
 * {@link BucketConfig} is.
 * <p>
 * As text, a limit is {@code <capacity>/<drain time in ISO-8601>}, for example {@code 6/PT1M} for six units that
 * drain in a minute: the value format of {@link KeyValueStoreLimitResolver}.
 *
 * @param capacity units the bucket holds; at least 1
 * @param drainTime how long a full bucket takes to drain; from one millisecond to {@link BucketConfig#MAX_DRAIN_TIME}
 */
public record Limit(long capacity, Duration drainTime) {

	/**
	 * Creates a limit, checking its values.
	 * @throws InvalidLimitException if a value is out of range; it names the parameter
	 */
	public Limit {
		if (capacity < 1) {
			throw new InvalidLimitException("capacity", "capacity must be at least 1: " + capacity);
		}
		if (drainTime == null) {
			throw new InvalidLimitException("drainTime", "drainTime must not be null");
		}
		if (drainTime.compareTo(Duration.ofMillis(1)) < 0 || drainTime.compareTo(BucketConfig.MAX_DRAIN_TIME) > 0) {
			throw new InvalidLimitException("drainTime",
					"drainTime must be from 1ms to " + BucketConfig.MAX_DRAIN_TIME + ": " + drainTime);
		}
	}

	/**
	 * Parses a limit written as {@code <capacity>/<drain time in ISO-8601>}, such as {@code 6/PT1M}.
	 * @param text the text
	 * @return the limit
	 * @throws InvalidLimitException if the text is malformed or a value is out of range
	 */
	public static Limit parse(String text) {
		int slash = (text != null) ? text.indexOf('/') : -1;
		if (slash < 0) {
			throw new InvalidLimitException("limit",
					"limit must be <capacity>/<ISO-8601 drain time>, such as 6/PT1M: " + text);
		}
		long capacity;
		try {
			capacity = Long.parseLong(text.substring(0, slash).strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidLimitException("capacity", "capacity must be a whole number: " + text);
		}
		Duration drainTime;
		try {
			drainTime = Duration.parse(text.substring(slash + 1).strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidLimitException("drainTime", "drainTime must be an ISO-8601 duration: " + text);
		}
		return new Limit(capacity, drainTime);
	}

	/**
	 * Returns a bucket's configuration with this limit's capacity and drain time. The reserve is kept, but at most
	 * the new capacity; the failure mode is kept.
	 * @param config the bucket's configuration
	 * @return the configuration of a key with this limit
	 */
	public BucketConfig applyTo(BucketConfig config) {
		return new BucketConfig(this.capacity, this.drainTime, Math.min(config.reserve(), this.capacity),
				config.failureMode());
	}

	/**
	 * Returns the limit as text, which {@link #parse(String)} reads back.
	 * @return for example {@code 6/PT1M}
	 */
	@Override
	public String toString() {
		return this.capacity + "/" + this.drainTime;
	}

}
