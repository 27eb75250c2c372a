package io.github.leakybucket.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;

/**
 * A bucket's identity, configuration, arithmetic and last known state. Until a decision or a read has seen the
 * stored level, the state is read on first access.
 */
abstract class BucketHandle implements Bucket {

	private final String name;

	private final String key;

	private final BucketConfig config;

	private final Meter meter;

	private volatile BucketState state;

	/**
	 * Creates a handle that has not seen its stored level.
	 * @param name the bucket name
	 * @param key the key, or {@code null}
	 * @param config the configuration
	 */
	protected BucketHandle(String name, String key, BucketConfig config) {
		this.name = name;
		this.key = key;
		this.config = config;
		this.meter = Meter.of(config);
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
		return state().remaining();
	}

	@Override
	public final Instant reset() {
		return state().reset();
	}

	/**
	 * Returns the last known state. A handle that has not yet seen its stored level reads it first, with
	 * {@link #refresh()}.
	 * @throws RuntimeException if that read fails
	 */
	@Override
	public final BucketState state() {
		BucketState state = this.state;
		return (state != null) ? state : refresh();
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
