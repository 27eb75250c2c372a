package io.github.leakybucket.internal;

import io.github.leakybucket.BucketState;

/**
 * Writes whole blocks of {@code reserve} units and hands out the surplus locally, from a {@link ReservedBlock}, so
 * that a busy bucket costs one write per block. While the level last seen leaves room for less than a block, smaller
 * amounts are rejected locally until a whole block fits: the bucket then holds back less than one block of room. A
 * write that finds less room than expected takes what fits. A call is served wholly from the block or wholly by a
 * write: units are never split between the two, so a failed write has nothing to give back.
 */
final class ReserveAhead implements Provisioning {

	private final Meter meter;

	private final long reserve;

	private final ReservedBlock block;

	ReserveAhead(Meter meter, long reserve) {
		this.meter = meter;
		this.reserve = reserve;
		this.block = new ReservedBlock(meter);
	}

	@Override
	public BucketState serve(long knownTat, long now, long amount) {
		if (this.block.usable(now) < amount) {
			return null;
		}
		this.block.take(now, amount);
		return this.meter.admitted(knownTat, now, this.block.usable(now));
	}

	@Override
	public BucketState holdBack(long knownTat, long now, long amount) {
		if (amount >= this.reserve || this.meter.fits(knownTat, now, this.reserve)) {
			return null;
		}
		return this.meter.rejected(knownTat, now, this.reserve);
	}

	@Override
	public long usable(long now) {
		return this.block.usable(now);
	}

	@Override
	public long unitsToWrite(long tat, long now, long needed) {
		return Math.max(needed, Math.min(this.reserve, this.meter.remaining(tat, now)));
	}

	@Override
	public void written(long start, long written, long used) {
		if (written > used) {
			this.block.replace(start, written, used);
		}
	}

	@Override
	public void clear() {
		this.block.replace(0, 0, 0);
	}

}
