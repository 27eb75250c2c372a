package io.github.leakybucket.lease;

import java.time.Duration;
import java.util.Optional;

/**
 * The lease logic over a {@link LeaseTable}.
 */
final class TableLeases implements Leases {

	private final Leases.Builder settings;

	TableLeases(Leases.Builder settings) {
		this.settings = settings;
	}

	@Override
	public Optional<Lease> tryAcquire(String name, Duration duration) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public Optional<Lease> acquire(String name, Duration duration, Duration maxWait) throws InterruptedException {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public Optional<LeaseRecord> read(String name) {
		return this.settings.table.read(name);
	}

	@Override
	public String ownerId() {
		return this.settings.ownerId;
	}

}
