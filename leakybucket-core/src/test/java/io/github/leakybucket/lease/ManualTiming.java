package io.github.leakybucket.lease;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic clock that moves only when told to, or when the lease logic sleeps. Jitter is always the largest.
 */
final class ManualTiming implements LeaseTiming {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	@Override
	public long nanoTime() {
		return this.now.get();
	}

	@Override
	public void sleep(long nanos) {
		this.now.addAndGet(nanos);
	}

	@Override
	public long random(long bound) {
		return bound - 1;
	}

}
