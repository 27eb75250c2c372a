package io.github.leakybucket.lease;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The monotonic clock, sleeping and jitter of the lease logic, replaced by simulated ones in tests.
 */
interface LeaseTiming {

	LeaseTiming SYSTEM = new LeaseTiming() {

		@Override
		public long nanoTime() {
			return System.nanoTime();
		}

		@Override
		public void sleep(long nanos) throws InterruptedException {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}

		@Override
		public long random(long bound) {
			return ThreadLocalRandom.current().nextLong(bound);
		}

	};

	long nanoTime();

	void sleep(long nanos) throws InterruptedException;

	/** Returns a random number from 0 (inclusive) to the bound (exclusive, positive). */
	long random(long bound);

}
