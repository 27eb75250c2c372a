package io.github.leakybucket.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;

/**
 * What every {@link Bucket} implementation shares: its identity, configuration, arithmetic and last known state.
 */
public abstract class BucketHandle implements Bucket {

	private final String name;

	private final String key;

	private final BucketConfig config;

	private final Meter meter;

	private volatile BucketState state;

	/**
	 * Creates a handle.
	 * @param name the bucket name
	 * @param key the key, or {@code null}
	 * @param config the configuration
	 * @param tat the theoretical arrival time known at creation, 0 if none
	 * @param now the current time, epoch nanoseconds
	 */
	protected BucketHandle(String name, String key, BucketConfig config, long tat, long now) {
		this.name = name;
		this.key = key;
		this.config = config;
		this.meter = Meter.of(config);
		this.state = this.meter.observed(tat, now);
	}

	@Override
	public final String name() {
		return this.name;
	}

	@Override
	public final String key() {
		return this.key;
	}

	@Override
	public final long capacity() {
		return this.config.capacity();
	}

	@Override
	public final Duration drainTime() {
		return this.config.drainTime();
	}

	@Override
	public final long remaining() {
		return this.state.remaining();
	}

	@Override
	public final Instant reset() {
		return this.state.reset();
	}

	@Override
	public final BucketState state() {
		return this.state;
	}

	/**
	 * Returns the configuration.
	 * @return the configuration
	 */
	protected final BucketConfig config() {
		return this.config;
	}

	/**
	 * Returns the arithmetic of this bucket.
	 * @return the meter
	 */
	protected final Meter meter() {
		return this.meter;
	}

	/**
	 * Records a state as the last known one.
	 * @param state the state
	 * @return the same state
	 */
	protected final BucketState remember(BucketState state) {
		this.state = state;
		return state;
	}

}
