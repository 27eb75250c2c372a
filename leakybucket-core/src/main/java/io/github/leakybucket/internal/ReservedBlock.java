package io.github.leakybucket.internal;

/**
 * Units that one JVM added to a bucket ahead of use and hands out locally. Not thread-safe: its owner locks.
 * <p>
 * A block of {@code size} units written with the bucket's backlog starting at {@code start} occupies the slots
 * {@code [start, start + cost(size))} of the bucket's timeline, unit {@code i} the slot
 * {@code [start + cost(i), start + cost(i + 1))}. A unit is handed out at time {@code t} only while its slot has not
 * started, {@code start + cost(i) >= t}: then its slot lies within {@code [t, t + drainTime]}, exactly where an
 * admission at {@code t} would have put it, so a reserve never admits more than the bucket allows. Units whose slot
 * started unused have drained away and are skipped.
 */
public final class ReservedBlock {

	private final Meter meter;

	private long start;

	private long size;

	private long next;

	/**
	 * Creates an empty block.
	 * @param meter the bucket's arithmetic
	 */
	public ReservedBlock(Meter meter) {
		this.meter = meter;
	}

	/**
	 * Replaces the block with a newly written one.
	 * @param start where the block's slots start, in epoch nanoseconds
	 * @param size units in the block
	 * @param taken units already handed out to the writing call
	 */
	public void replace(long start, long size, long taken) {
		this.start = start;
		this.size = size;
		this.next = taken;
	}

	/**
	 * Returns how many units can still be handed out, skipping those whose slot has started.
	 * @param now the current time
	 * @return usable units
	 */
	public long usable(long now) {
		this.next = Math.max(this.next, Math.min(this.size, this.meter.slotsStartedBefore(now - this.start)));
		return this.size - this.next;
	}

	/**
	 * Hands out up to an amount of usable units.
	 * @param now the current time
	 * @param amount units wanted
	 * @return units handed out, from 0 to {@code amount}
	 */
	public long take(long now, long amount) {
		long taken = Math.min(usable(now), amount);
		this.next += taken;
		return taken;
	}

}
