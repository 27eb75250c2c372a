package io.github.leakybucket.memory;

import java.time.Duration;
import java.time.Instant;
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
		return new InMemoryBucket(name, key, config, tat);
	}

	private final class InMemoryBucket implements Bucket {

		private final String name;

		private final String key;

		private final BucketConfig config;

		private final Meter meter;

		private final AtomicLong tat;

		private volatile BucketState state;

		InMemoryBucket(String name, String key, BucketConfig config, AtomicLong tat) {
			this.name = name;
			this.key = key;
			this.config = config;
			this.meter = Meter.of(config);
			this.tat = tat;
			this.state = this.meter.observed(tat.get(), now());
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public String key() {
			return this.key;
		}

		@Override
		public long capacity() {
			return this.config.capacity();
		}

		@Override
		public Duration drainTime() {
			return this.config.drainTime();
		}

		@Override
		public long remaining() {
			return this.state.remaining();
		}

		@Override
		public Instant reset() {
			return this.state.reset();
		}

		@Override
		public BucketState state() {
			return this.state;
		}

		@Override
		public BucketState tryAdd(long amount) {
			this.meter.checkAmount(amount);
			long now = now();
			while (true) {
				long current = this.tat.get();
				if (!this.meter.fits(current, now, amount)) {
					return decided(this.meter.rejected(current, now, amount));
				}
				long next = this.meter.add(current, now, amount);
				if (this.tat.compareAndSet(current, next)) {
					return decided(this.meter.admitted(next, now));
				}
			}
		}

		@Override
		public BucketState refresh() {
			this.state = this.meter.observed(this.tat.get(), now());
			return this.state;
		}

		@Override
		public void drain() {
			this.tat.set(0);
			this.state = this.meter.observed(0, now());
		}

		private BucketState decided(BucketState state) {
			this.state = state;
			InMemoryBucketStorage.this.listener.onDecision(this, state, DecisionSource.LOCAL);
			return state;
		}

		private long now() {
			return Meter.epochNanos(InMemoryBucketStorage.this.clock.instant());
		}

	}

}
