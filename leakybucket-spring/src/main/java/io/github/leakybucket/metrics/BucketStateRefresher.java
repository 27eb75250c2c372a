package io.github.leakybucket.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;

/**
 * Tracks every configured bucket in the {@link LastKnownStates}, and, if given an interval, refreshes in the
 * background each bucket name whose last known state is at least that old, with one read
 * ({@link Bucket#refresh()}) through the handle last used for that name. Names this JVM decides often are never
 * read.
 */
public final class BucketStateRefresher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BucketStateRefresher.class);

	private final BucketRegistry buckets;

	private final LastKnownStates states;

	private final Duration interval;

	private ScheduledExecutorService executor;

	/**
	 * Creates a refresher, and tracks the configured buckets.
	 * @param buckets the configured buckets
	 * @param states the states to refresh
	 * @param interval how often to refresh, and the age from which a state is refreshed; {@code null} for never
	 */
	public BucketStateRefresher(BucketRegistry buckets, LastKnownStates states, Duration interval) {
		if (interval != null && (interval.isZero() || interval.isNegative())) {
			throw new IllegalArgumentException("interval must be positive: " + interval);
		}
		this.buckets = Objects.requireNonNull(buckets, "buckets");
		this.states = Objects.requireNonNull(states, "states");
		this.interval = interval;
		buckets.names().forEach((name) -> states.track(buckets.bucket(name)));
	}

	/**
	 * Refreshes, once, each configured bucket name whose state is unknown or at least one interval old; every name if
	 * there is no interval.
	 * @return how many names were refreshed
	 */
	public int refreshStale() {
		int refreshed = 0;
		Instant now = this.states.clock().instant();
		for (String name : this.buckets.names()) {
			LastKnownState last = this.states.get(name);
			Bucket bucket = (last != null) ? last.bucket() : this.buckets.bucket(name);
			if (last == null || !last.isObserved() || this.interval == null
					|| last.age(now).compareTo(this.interval) >= 0) {
				try {
					this.states.observed(bucket, bucket.refresh());
					refreshed++;
				}
				catch (RuntimeException ex) {
					logger.debug("Could not refresh the state of bucket '" + name + "'", ex);
				}
			}
		}
		return refreshed;
	}

	@Override
	public synchronized void start() {
		if (this.interval == null || this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "leakybucket-state-refresh");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::refreshStale, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
