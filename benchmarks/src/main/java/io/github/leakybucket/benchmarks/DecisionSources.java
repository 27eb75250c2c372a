package io.github.leakybucket.benchmarks;

import java.util.concurrent.atomic.LongAdder;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;

/**
 * Counts where our buckets answered their decisions, through the public listener hook.
 */
final class DecisionSources implements DecisionListener {

	private final LongAdder local = new LongAdder();

	private final LongAdder dynamoDb = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder handlesCreated = new LongAdder();

	@Override
	public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
		((source == DecisionSource.LOCAL) ? this.local : this.dynamoDb).increment();
	}

	@Override
	public void onError(Bucket bucket, RuntimeException error, BucketState state) {
		this.errors.increment();
	}

	/**
	 * Counts a handle created by a registry: a miss of its handle cache.
	 */
	void handleCreated() {
		this.handlesCreated.increment();
	}

	Snapshot snapshot() {
		return new Snapshot(this.local.sum(), this.dynamoDb.sum(), this.errors.sum(), this.handlesCreated.sum());
	}

	record Snapshot(long local, long dynamoDb, long errors, long handlesCreated) {

		static final Snapshot NONE = new Snapshot(0, 0, 0, 0);

		Snapshot minus(Snapshot earlier) {
			return new Snapshot(this.local - earlier.local, this.dynamoDb - earlier.dynamoDb,
					this.errors - earlier.errors, this.handlesCreated - earlier.handlesCreated);
		}

		Snapshot plus(Snapshot other) {
			return new Snapshot(this.local + other.local, this.dynamoDb + other.dynamoDb, this.errors + other.errors,
					this.handlesCreated + other.handlesCreated);
		}

	}

}
