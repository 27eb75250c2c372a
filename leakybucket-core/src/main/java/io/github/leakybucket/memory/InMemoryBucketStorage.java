package io.github.leakybucket.memory;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.internal.BucketHandle;
import io.github.leakybucket.internal.BucketItemName;
import io.github.leakybucket.internal.Meter;

/**
 * Buckets kept in this JVM's memory, with the same semantics as the DynamoDB storage. For tests and single-JVM use.
 * <p>
 * Buckets are never evicted: do not use it for unbounded per-key families.
 */
public final class InMemoryBucketStorage implements BucketStorage {

	private final ConcurrentMap<String, AtomicLong> levels = new ConcurrentHashMap<>();

	private final InstantSource clock;

	private final DecisionListener listener;

	/**
	 * Creates a storage on the system clock.
	 */
	public InMemoryBucketStorage() {
		this(InstantSource.system(), DecisionListener.NONE);
	}

	/**
	 * Creates a storage.
	 * @param clock the source of the current time
	 * @param listener told about every decision
	 */
	public InMemoryBucketStorage(InstantSource clock, DecisionListener listener) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.listener = Objects.requireNonNull(listener, "listener");
	}

	@Override
	public Bucket create(String name, String key, BucketConfig config) {
		Objects.requireNonNull(config, "config");
		AtomicLong tat = this.levels.computeIfAbsent(BucketItemName.of(name, key), (itemName) -> new AtomicLong());
		return new InMemoryBucket(name, key, config, tat, Meter.epochNanos(this.clock.instant()));
	}

	private final class InMemoryBucket extends BucketHandle {

		private final AtomicLong tat;

		InMemoryBucket(String name, String key, BucketConfig config, AtomicLong tat, long now) {
			super(name, key, config, tat.get(), now);
			this.tat = tat;
		}

		@Override
		public BucketState tryAdd(long amount) {
			meter().checkAmount(amount);
			long now = now();
			while (true) {
				long current = this.tat.get();
				if (!meter().fits(current, now, amount)) {
					return decided(meter().rejected(current, now, amount));
				}
				long next = meter().add(current, now, amount);
				if (this.tat.compareAndSet(current, next)) {
					return decided(meter().admitted(next, now));
				}
			}
		}

		@Override
		public BucketState refresh() {
			return remember(meter().observed(this.tat.get(), now()));
		}

		@Override
		public void drain() {
			this.tat.set(0);
			remember(meter().observed(0, now()));
		}

		private BucketState decided(BucketState state) {
			remember(state);
			InMemoryBucketStorage.this.listener.onDecision(this, state, DecisionSource.LOCAL);
			return state;
		}

		private long now() {
			return Meter.epochNanos(InMemoryBucketStorage.this.clock.instant());
		}

	}

}
