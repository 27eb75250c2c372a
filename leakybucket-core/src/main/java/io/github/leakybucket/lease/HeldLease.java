package io.github.leakybucket.lease;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.lease.LeaseListener.Outcome;
import io.github.leakybucket.lease.LeaseTable.WriteResult;

/**
 * A lease granted by {@link TableLeases}: its row as last written and its deadline on the monotonic clock.
 */
final class HeldLease implements Lease {

	private final TableLeases leases;

	private final FencingToken token;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile LeaseRecord row;

	private volatile long deadline;

	/**
	 * Why the lease ended (released, or found taken over), or {@code null} while it has not. A lease past its
	 * deadline has not ended in this sense: its release is still written, so that the next grant need not wait.
	 */
	private volatile String ended;

	/** Whether a renewal's outcome stayed unknown, so that the row must be read before the next one. */
	private boolean resync;

	private ScheduledFuture<?> heartbeat;

	HeldLease(TableLeases leases, LeaseRecord row, long start) {
		this.leases = leases;
		this.row = row;
		this.token = row.fencingToken();
		this.deadline = leases.deadline(start, row.duration());
	}

	@Override
	public String name() {
		return this.token.lease();
	}

	@Override
	public String owner() {
		return this.row.owner();
	}

	@Override
	public FencingToken token() {
		return this.token;
	}

	@Override
	public Duration duration() {
		return this.row.duration();
	}

	@Override
	public boolean isHeld() {
		return this.ended == null && this.deadline - this.leases.timing().nanoTime() > 0;
	}

	@Override
	public Duration remaining() {
		long left = this.deadline - this.leases.timing().nanoTime();
		return (this.ended == null && left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	@Override
	public void checkHeld() {
		String reason = this.ended;
		if (reason != null) {
			throw new LeaseLostException(this.token, reason);
		}
		if (this.deadline - this.leases.timing().nanoTime() <= 0) {
			throw new LeaseLostException(this.token, "its deadline passed");
		}
	}

	@Override
	public void renew() {
		this.lock.lock();
		try {
			long start = this.leases.timing().nanoTime();
			try {
				checkHeld();
			}
			catch (LeaseLostException ex) {
				stopHeartbeat();
				this.leases.report(name(), "renew", Outcome.LOST, start);
				throw ex;
			}
			try {
				renew(start);
			}
			catch (LeaseLostException ex) {
				end(ex.getMessage());
				this.leases.report(name(), "renew", Outcome.LOST, start);
				throw ex;
			}
			catch (RuntimeException ex) {
				this.leases.report(name(), "renew", Outcome.ERROR, start);
				throw ex;
			}
			if (this.deadline - this.leases.timing().nanoTime() <= 0) {
				// Renewed, but answered so late that even the new deadline passed: not ended, so a release is written.
				stopHeartbeat();
				this.leases.report(name(), "renew", Outcome.LOST, start);
				throw new LeaseLostException(this.token, "the renewal was answered after its new deadline");
			}
			this.leases.report(name(), "renew", Outcome.RENEWED, start);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Renews, counting the new deadline from {@code start} only when the write that made the row's next version
	 * can only have been applied after it. After a renewal whose outcome stayed unknown, a late copy of it may still
	 * arrive, so the next renewal first reads the row and adopts a newer version of its own without extending.
	 */
	private void renew(long start) {
		if (this.resync) {
			LeaseRecord current = this.leases.table().read(name()).orElse(null);
			if (!isOurs(current)) {
				throw new LeaseLostException(this.token, describe(current));
			}
			this.row = current;
			this.resync = false;
		}
		LeaseRecord held = this.row;
		WriteResult result;
		try {
			result = this.leases.table().renew(held, this.leases.clock().instant());
		}
		catch (IllegalArgumentException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.resync = true;
			LeaseRecord current;
			try {
				current = this.leases.table().read(name()).orElse(null);
			}
			catch (RuntimeException readFailure) {
				ex.addSuppressed(readFailure);
				throw ex;
			}
			if (!isOurs(current)) {
				throw new LeaseLostException(this.token, describe(current));
			}
			if (current.version() != held.version() + 1) {
				throw ex;
			}
			result = WriteResult.applied(current);
			this.resync = false;
		}
		if (!result.applied() && isOurs(result.row()) && result.row().version() == held.version() + 1) {
			// A retry of this renewal, whose first copy was applied.
			result = WriteResult.applied(result.row());
		}
		if (!result.applied()) {
			throw new LeaseLostException(this.token, describe(result.row()));
		}
		this.row = result.row();
		this.deadline = this.leases.deadline(start, held.duration());
	}

	/** Returns the deadline on the monotonic clock, for the simulation's checks. */
	long deadlineNanos() {
		return this.deadline;
	}

	private boolean isOurs(LeaseRecord current) {
		return current != null && current.owner().equals(this.row.owner()) && current.token() == this.token.value()
				&& !current.released();
	}

	@Override
	public boolean release() {
		this.lock.lock();
		try {
			long start = this.leases.timing().nanoTime();
			if (this.ended != null) {
				this.leases.report(name(), "release", Outcome.LOST, start);
				return false;
			}
			end("it was released");
			LeaseRecord held = this.row;
			WriteResult result;
			try {
				result = this.leases.settle(name(),
						() -> this.leases.table().release(held, this.leases.clock().instant()),
						(current) -> current.owner().equals(held.owner()) && current.token() == held.token()
								&& current.released());
			}
			catch (RuntimeException ex) {
				this.leases.report(name(), "release", Outcome.ERROR, start);
				throw ex;
			}
			this.leases.report(name(), "release", result.applied() ? Outcome.RELEASED : Outcome.LOST, start);
			return result.applied();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void startHeartbeat(ScheduledExecutorService scheduler, Duration interval) {
		Objects.requireNonNull(scheduler, "scheduler must not be null");
		Objects.requireNonNull(interval, "interval must not be null");
		Duration usable = duration().minus(this.leases.safetyMargin(duration()));
		if (interval.isZero() || interval.isNegative() || interval.compareTo(usable) >= 0) {
			throw new IllegalArgumentException("interval must be positive and shorter than the duration minus the "
					+ "safety margin (" + usable + "), was " + interval);
		}
		this.lock.lock();
		try {
			if (this.heartbeat != null) {
				throw new IllegalStateException("a heartbeat is already running for lease '" + name() + "'");
			}
			long nanos = interval.toNanos();
			this.heartbeat = scheduler.scheduleWithFixedDelay(this::beat, nanos, nanos, TimeUnit.NANOSECONDS);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void beat() {
		if (this.ended != null) {
			stopHeartbeat();
			return;
		}
		try {
			renew();
		}
		catch (LeaseLostException ex) {
			stopHeartbeat();
		}
		catch (RuntimeException ex) {
			// Tried again at the next tick; the lease stays held until its deadline at most.
		}
	}

	@Override
	public void close() {
		release();
	}

	private void end(String reason) {
		if (this.ended == null) {
			this.ended = reason;
		}
		stopHeartbeat();
	}

	private void stopHeartbeat() {
		ScheduledFuture<?> beating = this.heartbeat;
		if (beating != null) {
			beating.cancel(false);
		}
	}

	private String describe(LeaseRecord current) {
		if (current == null) {
			return "its row is gone";
		}
		if (current.token() != this.token.value()) {
			return "it was taken over with token " + current.token();
		}
		return current.released() ? "it was released" : "its row changed (version " + current.version() + ")";
	}

	@Override
	public String toString() {
		return "Lease[" + this.token + ", owner=" + owner() + ", held=" + isHeld() + "]";
	}

}
