package io.github.leakybucket.lock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.leakybucket.lease.Leases;

/**
 * Makes {@link LeaseLock lock views} of leases, all renewed while locked by one heartbeat thread of its own.
 * {@link #close()} stops the heartbeat; locks held then keep their leases until they run out.
 */
public final class LeaseLocks implements AutoCloseable {

	/** Lease duration of a lock unless another is given. */
	public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(10);

	private final Leases leases;

	private final Duration leaseDuration;

	private final ScheduledThreadPoolExecutor heartbeats;

	/**
	 * Creates lock views over leases.
	 * @param leases the leases
	 * @param leaseDuration the duration of each lock's lease, renewed while locked
	 * @throws IllegalArgumentException if the duration is not positive
	 */
	public LeaseLocks(Leases leases, Duration leaseDuration) {
		this.leases = Objects.requireNonNull(leases, "leases must not be null");
		this.leaseDuration = checkDuration("leaseDuration", leaseDuration);
		this.heartbeats = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "leakybucket-lease-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.heartbeats.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Returns a new lock view of a lease name. Threads that should wait for each other in memory share one
	 * instance; the Spring Integration {@code LeaseLockRegistry} keeps one per name.
	 * @param name the lease name
	 * @return the lock view
	 */
	public LeaseLock get(String name) {
		return new LeaseLock(this.leases, name, this.leaseDuration, this.heartbeats);
	}

	/**
	 * Returns the leases the locks are views of.
	 * @return the leases
	 */
	public Leases leases() {
		return this.leases;
	}

	/**
	 * Returns the duration of each lock's lease.
	 * @return the lease duration
	 */
	public Duration leaseDuration() {
		return this.leaseDuration;
	}

	/**
	 * Stops the heartbeat.
	 */
	@Override
	public void close() {
		this.heartbeats.shutdownNow();
	}

	static Duration checkDuration(String name, Duration duration) {
		Objects.requireNonNull(duration, () -> name + " must not be null");
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
		return duration;
	}

	@Override
	public String toString() {
		return "LeaseLocks[leaseDuration=" + this.leaseDuration + ", " + this.leases + "]";
	}

}
