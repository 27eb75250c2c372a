package io.github.leakybucket.integration;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.ExpirableLockRegistry;

import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lock.LeaseLock;
import io.github.leakybucket.lock.LeaseLocks;

/**
 * A Spring Integration {@link ExpirableLockRegistry} of {@link LeaseLock lease locks}: one lock per key, each key a
 * lease name (with an optional prefix, to keep the registry's names apart from other leases). Its locks are
 * reentrant for the holding thread and renewed while locked; see {@link LeaseLock}. A
 * {@link DistributedLock#lock(Duration) time to live} given to a lock is the duration of its lease.
 * <p>
 * Locks are kept until {@link #expireUnusedOlderThan(long)} removes those not locked in this process and not
 * obtained for a while, as Spring Integration's other registries do.
 */
public final class LeaseLockRegistry implements ExpirableLockRegistry<LeaseLockRegistry.RegistryLock> {

	private final LeaseLocks locks;

	private final String prefix;

	private final ConcurrentMap<String, RegistryLock> registered = new ConcurrentHashMap<>();

	/**
	 * Creates a registry whose keys are lease names.
	 * @param locks where the locks come from
	 */
	public LeaseLockRegistry(LeaseLocks locks) {
		this(locks, "");
	}

	/**
	 * Creates a registry whose lease names are a prefix followed by the key.
	 * @param locks where the locks come from
	 * @param prefix the prefix of every lease name, possibly empty
	 */
	public LeaseLockRegistry(LeaseLocks locks, String prefix) {
		this.locks = Objects.requireNonNull(locks, "locks must not be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
	}

	/**
	 * Returns the lock of a key, the same instance for the same key until it expires.
	 * @param lockKey the key, a {@link String}
	 * @return the lock
	 * @throws IllegalArgumentException if the key is not a string
	 */
	@Override
	public RegistryLock obtain(Object lockKey) {
		if (!(lockKey instanceof String key)) {
			throw new IllegalArgumentException("lockKey must be a String, was "
					+ ((lockKey != null) ? lockKey.getClass().getName() : "null"));
		}
		RegistryLock lock = this.registered.computeIfAbsent(key,
				(name) -> new RegistryLock(this.locks.get(this.prefix + name)));
		lock.lastUsed = System.currentTimeMillis();
		return lock;
	}

	@Override
	public void expireUnusedOlderThan(long age) {
		long now = System.currentTimeMillis();
		this.registered.values().removeIf((lock) -> !lock.delegate.isLocked() && now - lock.lastUsed > age);
	}

	@Override
	public String toString() {
		return "LeaseLockRegistry[prefix=" + this.prefix + ", " + this.locks + "]";
	}

	/**
	 * A lock of the registry: a {@link LeaseLock} seen as a Spring Integration {@link DistributedLock}.
	 */
	public static final class RegistryLock implements DistributedLock {

		private final LeaseLock delegate;

		private volatile long lastUsed;

		RegistryLock(LeaseLock delegate) {
			this.delegate = delegate;
		}

		/**
		 * Returns the lease if the current thread holds the lock, for its fencing token.
		 * @return the lease, or empty if the current thread does not hold the lock
		 */
		public Optional<Lease> currentLease() {
			return this.delegate.currentLease();
		}

		/**
		 * Returns the lock view this lock delegates to.
		 * @return the lease lock
		 */
		public LeaseLock leaseLock() {
			return this.delegate;
		}

		@Override
		public void lock() {
			this.delegate.lock();
		}

		/**
		 * Acquires the lock with a lease of the given duration, waiting as long as it takes.
		 * @param ttl the lease duration
		 */
		@Override
		public void lock(Duration ttl) {
			this.delegate.lock(ttl);
		}

		@Override
		public void lockInterruptibly() throws InterruptedException {
			this.delegate.lockInterruptibly();
		}

		@Override
		public boolean tryLock() {
			return this.delegate.tryLock();
		}

		@Override
		public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
			return this.delegate.tryLock(time, unit);
		}

		/**
		 * Acquires the lock with a lease of the given duration, waiting up to {@code waitTime}.
		 * @param waitTime how long to wait at most
		 * @param ttl the lease duration
		 * @return {@code true} if the lock was acquired
		 * @throws InterruptedException if the thread is interrupted while waiting
		 */
		@Override
		public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
			return this.delegate.tryLock(waitTime, ttl);
		}

		@Override
		public void unlock() {
			this.delegate.unlock();
		}

		@Override
		public Condition newCondition() {
			return this.delegate.newCondition();
		}

		@Override
		public String toString() {
			return this.delegate.toString();
		}

	}

}
