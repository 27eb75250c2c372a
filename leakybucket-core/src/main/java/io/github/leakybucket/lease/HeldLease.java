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
			LeaseRecord held = this.row;
			WriteResult result;
			try {
				result = this.leases.settle(name(),
						() -> this.leases.table().renew(held, this.leases.clock().instant()),
						(current) -> current.owner().equals(held.owner()) && current.token() == held.token()
								&& current.version() == held.version() + 1 && !current.released());
			}
			catch (RuntimeException ex) {
				this.leases.report(name(), "renew", Outcome.ERROR, start);
				throw ex;
			}
			if (result.applied()) {
				this.row = result.row();
				this.deadline = this.leases.deadline(start, held.duration());
				this.leases.report(name(), "renew", Outcome.RENEWED, start);
				return;
			}
			String reason = describe(result.row());
			end(reason);
			this.leases.report(name(), "renew", Outcome.LOST, start);
			throw new LeaseLostException(this.token, reason);
		}
		finally {
			this.lock.unlock();
		}
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
