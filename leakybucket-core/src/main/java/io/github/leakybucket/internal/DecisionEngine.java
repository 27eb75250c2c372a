package io.github.leakybucket.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.spi.AsyncTatStore;
import io.github.leakybucket.spi.TatStore;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides for buckets over any {@link TatStore} or {@link AsyncTatStore}: what every handle of one storage shares.
 * The decisions themselves are written once, in {@link EngineBucket}.
 * <p>
 * <strong>Bounds.</strong> Each run of requests for one batch of calls shares one {@code requestTimeout}. A call
 * waits for at most the run in flight and then its own, so it is answered within {@link #maxWait()}, twice the
 * request timeout; past that, the bucket's failure mode answers it. When a run fails, the calls waiting behind it are
 * answered at once: during an outage no call waits more than one request timeout.
 * <p>
 * <strong>Circuit breaker.</strong> Each bucket name has a resilience4j circuit breaker over its runs of requests:
 * after repeated storage failures it opens, and decisions go straight to the failure mode without a request; after a
 * cool-down a single probe closes or reopens it. A refused condition is a success; a malformed item is ignored.
 */
public final class DecisionEngine {

	/** Conditional writes one batch of calls makes at most. */
	public static final int MAX_WRITES_PER_BATCH = 3;

	private static final Logger logger = LoggerFactory.getLogger(DecisionEngine.class);

	private final AsyncTatStore store;

	private final boolean blocking;

	private final InstantSource clock;

	private final LongSupplier ticker;

	private final Scheduler scheduler;

	private final DecisionListener listener;

	private final FailureWarnings warnings;

	private final Duration requestTimeout;

	private final boolean localRejection;

	private final CircuitBreakerConfig breakerConfig;

	private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private DecisionEngine(Builder builder, AsyncTatStore store, boolean blocking, Scheduler scheduler) {
		this.store = store;
		this.blocking = blocking;
		this.clock = builder.clock;
		this.ticker = builder.ticker;
		this.scheduler = scheduler;
		this.listener = builder.listener;
		this.warnings = new FailureWarnings(builder.warningInterval, builder.ticker);
		this.requestTimeout = builder.requestTimeout;
		this.localRejection = builder.localRejection;
		LongSupplier ticker = builder.ticker;
		Clock tickerClock = new Clock() {

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				long nanos = ticker.getAsLong();
				return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
			}

		};
		this.breakerConfig = CircuitBreakerConfig.from(builder.breakerConfig)
			.clock(tickerClock)
			.currentTimestampFunction((clock) -> ticker.getAsLong(), TimeUnit.NANOSECONDS)
			.ignoreException((error) -> error instanceof MalformedBucketItemException)
			.build();
	}

	/**
	 * Returns the default circuit breaker configuration: opens when at least 60% of the runs of requests of the last
	 * 2 seconds failed, once there were at least 2 (so one failure and one success do not open it), stays open for one second, then lets a single probe through. The
	 * window is short because a busy bucket makes many successful runs but, during an outage, only one failing run
	 * per request timeout: over a long window a short outage never reaches the threshold.
	 * @return the configuration
	 */
	public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindow(2, 2, SlidingWindowType.TIME_BASED)
			.failureRateThreshold(60)
			.waitDurationInOpenState(Duration.ofSeconds(1))
			.permittedNumberOfCallsInHalfOpenState(1)
			.build();
	}

	/**
	 * Returns the state of a bucket name's circuit breaker.
	 * @param name the bucket name
	 * @return the state; {@code CLOSED} for a name that has made no request
	 */
	public CircuitBreaker.State circuitState(String name) {
		CircuitBreaker breaker = this.breakers.get(name);
		return (breaker != null) ? breaker.getState() : CircuitBreaker.State.CLOSED;
	}

	CircuitBreaker breaker(String name) {
		return this.breakers.computeIfAbsent(name, (key) -> CircuitBreaker.of(key, this.breakerConfig));
	}

	/**
	 * Returns a builder of the settings every handle of an engine shares; it builds over a blocking or an
	 * asynchronous store.
	 * @return a builder with the system clock, no listener, a one-second request timeout and local rejection
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a handle on a bucket; makes no request.
	 * @param name the bucket name
	 * @param key the key, or {@code null}
	 * @param config the configuration
	 * @return the handle
	 */
	public EngineBucket create(String name, String key, BucketConfig config) {
		Objects.requireNonNull(config, "config");
		return new EngineBucket(this, name, key, BucketItemName.of(name, key), config);
	}

	/**
	 * Returns how long a call waits at most before its failure mode answers: twice the request timeout.
	 * @return the bound
	 */
	public Duration maxWait() {
		return this.requestTimeout.multipliedBy(2);
	}

	AsyncTatStore store() {
		return this.store;
	}

	boolean blocking() {
		return this.blocking;
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	Duration requestTimeout() {
		return this.requestTimeout;
	}

	boolean localRejection() {
		return this.localRejection;
	}

	long ticker() {
		return this.ticker.getAsLong();
	}

	long now() {
		return Meter.epochNanos(this.clock.instant());
	}

	void decided(Bucket bucket, BucketState state, DecisionSource source) {
		tell(bucket, (listener) -> listener.onDecision(bucket, state, source));
	}

	void failed(Bucket bucket, RuntimeException error, BucketState state) {
		this.warnings.storageFailed(bucket.name(), state.admitted(), error);
		tell(bucket, (listener) -> listener.onError(bucket, error, state));
	}

	void malformed(Bucket bucket, RuntimeException error) {
		this.warnings.malformed(bucket.name(), error);
	}

	void clockSkew(Bucket bucket, Duration ahead) {
		this.warnings.clockSkew(bucket.name(), ahead);
		tell(bucket, (listener) -> listener.onClockSkew(bucket, ahead));
	}

	/** Tells the listener; a listener that throws is logged, never allowed to leave a caller unanswered. */
	private void tell(Bucket bucket, Consumer<DecisionListener> event) {
		try {
			event.accept(this.listener);
		}
		catch (RuntimeException ex) {
			logger.warn("Decision listener failed for bucket '{}'", bucket.name(), ex);
		}
	}

	/**
	 * Runs a task after a delay; how an asynchronous engine bounds the wait of its calls.
	 */
	@FunctionalInterface
	public interface Scheduler {

		/**
		 * Runs the task once the delay has passed.
		 * @param delayNanos the delay, nanoseconds on the engine's ticker
		 * @param task the task
		 */
		void schedule(long delayNanos, Runnable task);

	}

	/**
	 * Builds a {@link DecisionEngine}.
	 */
	public static final class Builder {

		private InstantSource clock = InstantSource.system();

		private LongSupplier ticker = System::nanoTime;

		private DecisionListener listener = DecisionListener.NONE;

		private Duration warningInterval = Duration.ofMinutes(1);

		private Duration requestTimeout = Duration.ofSeconds(1);

		private boolean localRejection = true;

		private CircuitBreakerConfig breakerConfig = defaultCircuitBreakerConfig();

		private Builder() {
		}

		/**
		 * Sets the clock decisions read {@code now} from.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(InstantSource clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the monotonic nanosecond source that deadlines are measured on.
		 * @param ticker the ticker
		 * @return this builder
		 */
		public Builder ticker(LongSupplier ticker) {
			this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
			return this;
		}

		/**
		 * Sets the listener told about every decision and failure.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(DecisionListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		/**
		 * Sets the least time between two warnings of one kind for one bucket name.
		 * @param failureWarningInterval the interval, zero or more
		 * @return this builder
		 */
		public Builder failureWarningInterval(Duration failureWarningInterval) {
			if (failureWarningInterval == null || failureWarningInterval.isNegative()) {
				throw new IllegalArgumentException(
						"failureWarningInterval must not be negative: " + failureWarningInterval);
			}
			this.warningInterval = failureWarningInterval;
			return this;
		}

		/**
		 * Sets how long the requests for one batch of calls may take together.
		 * @param requestTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()
					|| requestTimeout.compareTo(Duration.ofDays(1)) > 0) {
				throw new IllegalArgumentException(
						"requestTimeout must be positive and at most one day: " + requestTimeout);
			}
			this.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Sets whether a handle rejects without a request an amount that cannot fit on the level it last saw.
		 * @param localRejection whether to reject locally when certain
		 * @return this builder
		 */
		public Builder localRejection(boolean localRejection) {
			this.localRejection = localRejection;
			return this;
		}

		/**
		 * Sets the configuration of each bucket name's circuit breaker; its clock is replaced by the engine's ticker.
		 * @param breakerConfig the configuration
		 * @return this builder
		 */
		public Builder circuitBreaker(CircuitBreakerConfig breakerConfig) {
			this.breakerConfig = Objects.requireNonNull(breakerConfig, "circuitBreaker must not be null");
			return this;
		}

		/**
		 * Builds an engine over a blocking store: the calling threads make the requests.
		 * @param store the store
		 * @return the engine
		 */
		public DecisionEngine build(TatStore store) {
			return new DecisionEngine(this, new BlockingTatStore(Objects.requireNonNull(store, "store")), true, null);
		}

		/**
		 * Builds an engine over an asynchronous store; no decision blocks a thread.
		 * @param store the store
		 * @param scheduler runs the deadline of waiting calls
		 * @return the engine
		 */
		public DecisionEngine build(AsyncTatStore store, Scheduler scheduler) {
			return new DecisionEngine(this, Objects.requireNonNull(store, "store"), false,
					Objects.requireNonNull(scheduler, "scheduler"));
		}

	}

}
