package io.github.leakybucket.internal;

import io.github.leakybucket.BucketState;

/**
 * How many units a write adds beyond what its calls ask for, and how the surplus is handed out without a request.
 * Guarded by the handle's lock.
 */
interface Provisioning {

	/**
	 * Returns the provisioning of a bucket configuration.
	 * @param meter the bucket's arithmetic
	 * @param reserve units to reserve ahead; 0 for none
	 * @return the provisioning
	 */
	static Provisioning of(Meter meter, long reserve) {
		return (reserve > 0) ? new ReserveAhead(meter, reserve) : EXACT;
	}

	/** Writes exactly the units its calls ask for. */
	Provisioning EXACT = new Provisioning() {
	};

	/**
	 * Admits an amount from units written earlier, if it can.
	 * @param knownTat the stored {@code tat} last seen
	 * @param now the current time
	 * @param amount units asked for
	 * @return the admitted state, or {@code null} if the amount must be written
	 */
	default BucketState serve(long knownTat, long now, long amount) {
		return null;
	}

	/**
	 * Rejects an amount, without a request, that the provisioning would rather not write now.
	 * @param knownTat the stored {@code tat} last seen
	 * @param now the current time
	 * @param amount units asked for
	 * @return the rejected state, or {@code null} to go on
	 */
	default BucketState holdBack(long knownTat, long now, long amount) {
		return null;
	}

	/**
	 * Returns how many units can be handed out without a request.
	 * @param now the current time
	 * @return usable units
	 */
	default long usable(long now) {
		return 0;
	}

	/**
	 * Returns how many units to write for calls that need some.
	 * @param tat the stored {@code tat} the write is planned on
	 * @param now the current time
	 * @param needed units the calls need, all fitting on {@code tat}
	 * @return units to write, at least {@code needed}, all fitting on {@code tat}
	 */
	default long unitsToWrite(long tat, long now, long needed) {
		return needed;
	}

	/**
	 * Takes the surplus of a write that applied, if it has one.
	 * @param start where the write's units start on the bucket's timeline
	 * @param written units written
	 * @param used units the calls took, the first ones
	 */
	default void written(long start, long written, long used) {
	}

	/**
	 * Forgets the surplus, as when the bucket was emptied.
	 */
	default void clear() {
	}

}
