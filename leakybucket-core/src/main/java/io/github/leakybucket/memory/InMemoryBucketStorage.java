package io.github.leakybucket.memory;

import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.internal.DecisionEngine;

/**
 * Buckets kept in this JVM's memory, decided by the same engine as the DynamoDB storage: the same coalescing and
 * reserve-ahead. Since a request to memory is free, every call asks it: no local rejection. For tests and single-JVM
 * use.
 * <p>
 * Buckets are never evicted: do not use it for unbounded per-key families.
 */
public final class InMemoryBucketStorage implements BucketStorage {

	private final DecisionEngine engine;

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
		this.engine = DecisionEngine.builder()
			.clock(Objects.requireNonNull(clock, "clock"))
			.listener(Objects.requireNonNull(listener, "listener"))
			// A request costs nothing here: every handle sees another's drain at once.
			.localRejection(false)
			.build(new InMemoryTatStore());
	}

	@Override
	public Bucket create(String name, String key, BucketConfig config) {
		return this.engine.create(name, key, config);
	}

}
