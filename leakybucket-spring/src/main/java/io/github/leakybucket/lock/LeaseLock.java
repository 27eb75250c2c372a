package io.github.leakybucket.lock;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.LeaseLostException;
import io.github.leakybucket.lease.Leases;

import software.amazon.awssdk.core.exception.AbortedException;

/**
 * A {@link Lock} view of a lease: locking acquires the lease named {@link #name()}, unlocking releases it, so that
 * threads of every process that lock the same name exclude each other.
 * <p>
 * Threads of this process first take a local {@link ReentrantLock}, so that they wait for each other in memory and
 * only the thread that holds it makes requests. The lock is reentrant for the thread that holds it: locking again
 * only counts, and the lease is released when the count falls back to zero. It is owned by a thread, as a
 * {@code ReentrantLock} is: another thread cannot unlock it, and a lock taken on one thread is not held by the
 * holder's other threads. Share one instance between the threads that lock a name, as the
 * Spring Integration registry does ({@link LeaseLocks#get(String)} returns a new one each call); two instances of the same name in one
 * process still exclude each other, through the lease, at the price of requests.
 * <p>
 * While locked, the lease is renewed in the background (about three times per usable lease duration) when a
 * heartbeat scheduler was given, so that work longer than the lease keeps it. Without one, or when a renewal is
 * refused, the lease can be lost while locked: {@link #currentLease()} tells, and pass its
 * {@linkplain Lease#token() fencing token} to every write to the protected resource, which alone makes such a loss
 * safe. {@link #unlock()} throws {@link LeaseLostException} if the lease was taken over before it.
 * <p>
 * Conditions are not supported: a {@link Condition} cannot wait for a signal from another process.
 */
public final class LeaseLock implements Lock {

	/** How long one blocking acquire waits before {@link #lock()} tries again; it waits for ever in such slices. */
	private static final Duration WAIT_SLICE = Duration.ofHours(1);

	private final Leases leases;

	private final String name;

	private final Duration leaseDuration;

	private final @Nullable ScheduledExecutorService heartbeats;

	private final ReentrantLock local = new ReentrantLock();

	/** The lease while locked; written and read by the thread that holds {@link #local}. */
	private volatile @Nullable Lease lease;

	/**
	 * Creates a lock view.
	 * @param leases the leases to acquire from
	 * @param name the lease name
	 * @param leaseDuration the duration of each lease, renewed while locked if {@code heartbeats} is given
	 * @param heartbeats where renewals run, or {@code null} to let a lease run out while locked
	 * @throws IllegalArgumentException if the duration is not positive
	 */
	public LeaseLock(Leases leases, String name, Duration leaseDuration, @Nullable ScheduledExecutorService heartbeats) {
		this.leases = Objects.requireNonNull(leases, "leases must not be null");
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.leaseDuration = LeaseLocks.checkDuration("leaseDuration", leaseDuration);
		this.heartbeats = heartbeats;
	}

	/**
	 * Returns the lease name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the duration of each lease taken by {@link #lock()} and the other methods without a duration.
	 * @return the lease duration
	 */
	public Duration leaseDuration() {
		return this.leaseDuration;
	}

	/**
	 * Acquires the lock, waiting as long as it takes; an interrupt is kept for later, as {@link Lock#lock()} asks.
	 * @throws IllegalArgumentException if the name or the lease duration is refused by the leases
	 * @throws RuntimeException an error of the lease storage, with the lock not held
	 */
	@Override
	public void lock() {
		lock(this.leaseDuration);
	}

	/**
	 * Acquires the lock with a lease of the given duration, waiting as long as it takes.
	 * @param duration the lease duration
	 * @see #lock()
	 */
	public void lock(Duration duration) {
		this.local.lock();
		if (reentered()) {
			return;
		}
		boolean interrupted = false;
		try {
			while (true) {
				try {
					if (acquire(duration, WAIT_SLICE)) {
						return;
					}
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		catch (RuntimeException | Error ex) {
			this.local.unlock();
			throw ex;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void lockInterruptibly() throws InterruptedException {
		this.local.lockInterruptibly();
		if (reentered()) {
			return;
		}
		try {
			while (!acquire(this.leaseDuration, WAIT_SLICE)) {
				// Waited a whole slice: wait another.
			}
		}
		catch (InterruptedException | RuntimeException | Error ex) {
			this.local.unlock();
			throw ex;
		}
	}

	/**
	 * Acquires the lock only if it is free now, with one attempt at the lease (one request when nobody holds it).
	 * @return {@code true} if the lock was acquired
	 */
	@Override
	public boolean tryLock() {
		if (!this.local.tryLock()) {
			return false;
		}
		if (reentered()) {
			return true;
		}
		try {
			Optional<Lease> acquired = this.leases.tryAcquire(this.name, this.leaseDuration);
			if (acquired.isPresent() && hold(acquired.get())) {
				return true;
			}
		}
		catch (RuntimeException | Error ex) {
			this.local.unlock();
			throw ex;
		}
		this.local.unlock();
		return false;
	}

	@Override
	public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
		return tryLock(Duration.ofNanos(unit.toNanos(time)), this.leaseDuration);
	}

	/**
	 * Acquires the lock with a lease of the given duration, waiting up to {@code maxWait} in all, locally and for
	 * the lease.
	 * @param maxWait how long to wait at most
	 * @param duration the lease duration
	 * @return {@code true} if the lock was acquired
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	public boolean tryLock(Duration maxWait, Duration duration) throws InterruptedException {
		long start = System.nanoTime();
		long wait = Math.max(0, saturatedNanos(maxWait));
		if (!this.local.tryLock(wait, TimeUnit.NANOSECONDS)) {
			return false;
		}
		if (reentered()) {
			return true;
		}
		Duration left = Duration.ofNanos(Math.max(0, wait - (System.nanoTime() - start)));
		try {
			if (acquire(duration, left)) {
				return true;
			}
		}
		catch (InterruptedException | RuntimeException | Error ex) {
			this.local.unlock();
			throw ex;
		}
		this.local.unlock();
		return false;
	}

	/**
	 * Releases the lock; the lease is released when the holding thread's count falls to zero.
	 * @throws IllegalMonitorStateException if the current thread does not hold the lock
	 * @throws LeaseLostException if the lease was taken over (or found lost by a renewal) before it was released:
	 * another process may have held it meanwhile. The lock is released locally all the same
	 */
	@Override
	public void unlock() {
		if (!this.local.isHeldByCurrentThread()) {
			throw new IllegalMonitorStateException("Lock '" + this.name + "' is not held by the current thread");
		}
		if (this.local.getHoldCount() > 1) {
			this.local.unlock();
			return;
		}
		Lease held = this.lease;
		this.lease = null;
		try {
			if (held != null && !held.release()) {
				throw new LeaseLostException(held.token(), "it was taken over or found lost before unlock");
			}
		}
		finally {
			this.local.unlock();
		}
	}

	/**
	 * Not supported: a condition cannot wait for a signal from another process.
	 * @return never
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("LeaseLock does not support conditions: a Condition cannot be "
				+ "signalled across processes. Poll the protected resource, or use a queue.");
	}

	/**
	 * Returns the lease if the current thread holds the lock, for its fencing token and to check that it is still
	 * held.
	 * @return the lease, or empty if the current thread does not hold the lock
	 */
	public Optional<Lease> currentLease() {
		return this.local.isHeldByCurrentThread() ? Optional.ofNullable(this.lease) : Optional.empty();
	}

	/**
	 * Returns whether the current thread holds the lock.
	 * @return {@code true} if it does
	 */
	public boolean isHeldByCurrentThread() {
		return this.local.isHeldByCurrentThread();
	}

	/**
	 * Returns whether a thread of this process holds the lock. Says nothing about other processes.
	 * @return {@code true} if a thread of this process holds it
	 */
	public boolean isLocked() {
		return this.local.isLocked();
	}

	private boolean reentered() {
		return this.local.getHoldCount() > 1;
	}

	private boolean acquire(Duration duration, Duration maxWait) throws InterruptedException {
		long start = System.nanoTime();
		long wait = saturatedNanos(maxWait);
		while (true) {
			Duration left = Duration.ofNanos(Math.max(0, wait - (System.nanoTime() - start)));
			Optional<Lease> acquired;
			try {
				acquired = this.leases.acquire(this.name, duration, left);
			}
			catch (RuntimeException ex) {
				if (Thread.interrupted() || causedByInterrupt(ex)) {
					// An interrupt during a request aborts it with an SDK exception: answer it as an interrupt.
					InterruptedException interrupted = new InterruptedException(
							"Interrupted while acquiring lease '" + this.name + "'");
					interrupted.initCause(ex);
					throw interrupted;
				}
				throw ex;
			}
			if (acquired.isEmpty()) {
				return false;
			}
			if (hold(acquired.get())) {
				return true;
			}
			if (System.nanoTime() - start - wait >= 0) {
				return false;
			}
		}
	}

	/**
	 * Holds an acquired lease, with its heartbeat if there is a scheduler. A lease whose deadline passed before the
	 * answer came (a slow request, a pause) is released and not held: the lock would protect nothing.
	 */
	private boolean hold(Lease acquired) {
		Duration interval = acquired.remaining().dividedBy(3);
		if (interval.isZero()) {
			releaseQuietly(acquired, null);
			return false;
		}
		ScheduledExecutorService scheduler = this.heartbeats;
		if (scheduler != null) {
			try {
				acquired.startHeartbeat(scheduler, interval);
			}
			catch (RuntimeException ex) {
				releaseQuietly(acquired, ex);
				throw ex;
			}
		}
		this.lease = acquired;
		return true;
	}

	private static void releaseQuietly(Lease lease, @Nullable RuntimeException cause) {
		try {
			lease.release();
		}
		catch (RuntimeException ex) {
			if (cause != null) {
				cause.addSuppressed(ex);
			}
		}
	}

	private static boolean causedByInterrupt(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InterruptedException || cause instanceof AbortedException) {
				return true;
			}
		}
		return false;
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	@Override
	public String toString() {
		return "LeaseLock[" + this.name + ", " + (isLocked() ? "locked in this process" : "not locked here") + "]";
	}

}
