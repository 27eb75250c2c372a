package io.github.leakybucket.spi;

/**
 * One conditional addition to a stored {@code tat}.
 *
 * @param now the deciding host's current time, epoch nanoseconds
 * @param cost nanoseconds of backlog to add; at least 1
 * @param latestTat the latest {@code max(stored, now)} at which the cost still fits; the new {@code tat} is then at
 * most {@code latestTat + cost}, which is {@code now + drainTime}
 * @param backlogExpected whether the stored {@code tat} is expected to be after {@code now}; a hint for stores that
 * cannot compute {@code max(stored, now)}
 */
public record TatUpdate(long now, long cost, long latestTat, boolean backlogExpected) {

	/**
	 * Creates an update, checking its values.
	 * @throws IllegalArgumentException if a value is negative, the cost is zero, {@code latestTat} is before
	 * {@code now}, or {@code latestTat + cost} overflows
	 */
	public TatUpdate {
		if (now < 0) {
			throw new IllegalArgumentException("now must not be negative: " + now);
		}
		if (cost <= 0) {
			throw new IllegalArgumentException("cost must be at least 1 nanosecond: " + cost);
		}
		if (latestTat < now) {
			throw new IllegalArgumentException("latestTat must not be before now " + now + ": " + latestTat);
		}
		if (latestTat > Long.MAX_VALUE - cost) {
			throw new IllegalArgumentException(
					"latestTat + cost must fit in a long; latestTat " + latestTat + ", cost " + cost);
		}
	}

	/**
	 * Returns the {@code tat} the update writes on a stored one, if it fits.
	 * @param stored the stored {@code tat}, 0 for none
	 * @return {@code max(stored, now) + cost}
	 */
	public long addedTo(long stored) {
		return Math.max(stored, this.now) + this.cost;
	}

	/**
	 * Returns whether the cost fits on a stored {@code tat}.
	 * @param stored the stored {@code tat}, 0 for none
	 * @return whether {@code max(stored, now) <= latestTat}
	 */
	public boolean fits(long stored) {
		return Math.max(stored, this.now) <= this.latestTat;
	}

	/**
	 * Returns the latest {@code tat} the update can write: {@code now + drainTime}.
	 * @return {@code latestTat + cost}
	 */
	public long ceiling() {
		return this.latestTat + this.cost;
	}

}
