package io.github.leakybucket.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a write.
 *
 * @param ttl how long the pair lives, or {@code null} for no expiry
 */
public record PutOptions(Duration ttl) {

	private static final PutOptions NONE = new PutOptions(null);

	/**
	 * Creates options.
	 * @param ttl how long the pair lives, positive, or {@code null} for no expiry
	 * @throws IllegalArgumentException if the TTL is zero or negative
	 */
	public PutOptions {
		if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
			throw new IllegalArgumentException("ttl must be positive, was " + ttl);
		}
	}

	/**
	 * Returns options for a write without expiry. Such a write removes any earlier expiry.
	 * @return the options
	 */
	public static PutOptions none() {
		return NONE;
	}

	/**
	 * Returns options for a pair that expires after the given time. Expiry has a granularity of one second: the
	 * pair lives at least the TTL, and less than one second more.
	 * @param ttl how long the pair lives, positive
	 * @return the options
	 * @throws IllegalArgumentException if the TTL is zero or negative
	 */
	public static PutOptions ttl(Duration ttl) {
		return new PutOptions(Objects.requireNonNull(ttl, "ttl must not be null"));
	}

	/**
	 * Returns whether the write sets an expiry.
	 * @return {@code true} if a TTL is set
	 */
	public boolean hasTtl() {
		return this.ttl != null;
	}

}
