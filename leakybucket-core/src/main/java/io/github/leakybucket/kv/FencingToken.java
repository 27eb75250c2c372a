package io.github.leakybucket.kv;

import java.util.Objects;

/**
 * A fencing token: the number a lease grant carries, which increases with every grant of the same lease name and
 * never resets, together with that name. A resource that records the highest token it has seen and refuses older
 * ones stays safe even when a holder goes on after losing its lease (a long GC pause, a slow network), as Kleppmann
 * argues. {@link KeyValueStore#putFenced(String, byte[], FencingToken)} is such a resource.
 * <p>
 * Tokens of different lease names are not comparable: {@link #compareTo(FencingToken)} refuses them.
 *
 * @param lease the lease name the token was granted for
 * @param value the token, at least 1
 */
public record FencingToken(String lease, long value) implements Comparable<FencingToken> {

	/**
	 * Creates a token.
	 * @param lease the lease name, not empty
	 * @param value the token, at least 1
	 * @throws IllegalArgumentException if the name is empty or the value below 1
	 */
	public FencingToken {
		Objects.requireNonNull(lease, "lease must not be null");
		if (lease.isEmpty()) {
			throw new IllegalArgumentException("lease must not be empty");
		}
		if (value < 1) {
			throw new IllegalArgumentException("value must be at least 1, was " + value);
		}
	}

	/**
	 * Compares two tokens of the same lease name.
	 * @param other a token of the same lease name
	 * @return a negative number, zero or a positive number as this token is older than, the same as, or newer than
	 * the other
	 * @throws IllegalArgumentException if the other token is of another lease name
	 */
	@Override
	public int compareTo(FencingToken other) {
		checkSameLease(other);
		return Long.compare(this.value, other.value);
	}

	/**
	 * Returns whether this token was granted after the other one.
	 * @param other a token of the same lease name
	 * @return {@code true} if this token is newer
	 * @throws IllegalArgumentException if the other token is of another lease name
	 */
	public boolean isNewerThan(FencingToken other) {
		return compareTo(other) > 0;
	}

	private void checkSameLease(FencingToken other) {
		if (!this.lease.equals(other.lease)) {
			throw new IllegalArgumentException("token of lease '" + other.lease
					+ "' cannot be compared with a token of lease '" + this.lease + "'");
		}
	}

	@Override
	public String toString() {
		return this.lease + "#" + this.value;
	}

}
