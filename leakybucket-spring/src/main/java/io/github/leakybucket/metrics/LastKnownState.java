package io.github.leakybucket.metrics;

import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;

/**
 * What this JVM last saw of a bucket name: the handle it saw it through and the state that handle returned.
 * <p>
 * A leaky bucket only drains between decisions, so the level seen at {@code observedAt} drained to any later instant
 * is what this JVM knows of the level then. Decisions of other JVMs since {@code observedAt} are not seen: the older
 * the observation, the more the level may be under-reported; {@link #age(Instant)} tells how old it is.
 *
 * @param bucket the handle last used, which may be one key of a per-key family
 * @param state the state it returned, or {@code null} if none was seen yet
 * @param observedAt when the state was seen, or {@code null} if none was seen yet
 */
public record LastKnownState(Bucket bucket, BucketState state, Instant observedAt) {

	/**
	 * Returns whether a state was seen.
	 * @return {@code true} if {@link #state()} is set
	 */
	public boolean isObserved() {
		return this.state != null;
	}

	/**
	 * Returns the level at an instant, as a fraction of the capacity, drained from the last known level.
	 * @param now the instant
	 * @return from 0 to 1, or {@code NaN} if no state was seen
	 */
	public double fill(Instant now) {
		if (this.state == null) {
			return Double.NaN;
		}
		long backlogNanos = Math.max(0, Duration.between(now, this.state.reset()).toNanos());
		return Math.min(1.0, (double) backlogNanos / this.bucket.drainTime().toNanos());
	}

	/**
	 * Returns how many whole units fit at an instant, drained from the last known level.
	 * @param now the instant
	 * @return from 0 to the capacity, or {@code NaN} if no state was seen
	 */
	public double remaining(Instant now) {
		if (this.state == null) {
			return Double.NaN;
		}
		long capacity = this.state.capacity();
		return Math.min(capacity, Math.floor(capacity - fill(now) * capacity + 1e-9));
	}

	/**
	 * Returns how long ago the state was seen.
	 * @param now the instant to measure to
	 * @return the age, or {@code null} if no state was seen
	 */
	public Duration age(Instant now) {
		return (this.observedAt != null) ? Duration.between(this.observedAt, now) : null;
	}

}
