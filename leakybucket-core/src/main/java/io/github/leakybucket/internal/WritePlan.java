package io.github.leakybucket.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One conditional write planned for a batch: the calls that fit, in arrival order, and the units to write.
 *
 * @param now the current time on the latest known clock
 * @param backlogExpected whether the stored {@code tat} is expected after {@code now}
 * @param included the calls that fit
 * @param used their units
 * @param written units to write, at least {@code used}
 */
record WritePlan(long now, boolean backlogExpected, List<Call> included, long used, long written) {

	/**
	 * Plans on the level at {@code tat} the calls that fit, in arrival order; {@code storedTat} is the best
	 * knowledge of the stored one, for the guess.
	 */
	static WritePlan of(Meter meter, Provisioning provisioning, List<Call> calls, long tat, long storedTat, long now) {
		List<Call> included = new ArrayList<>();
		long used = 0;
		for (Call call : calls) {
			if (meter.fits(tat, now, used + call.amount)) {
				included.add(call);
				used += call.amount;
			}
		}
		long written = (used > 0) ? provisioning.unitsToWrite(tat, now, used) : 0;
		return new WritePlan(now, storedTat > now, included, used, written);
	}

	boolean includes(Call call) {
		return this.included.contains(call);
	}

}
