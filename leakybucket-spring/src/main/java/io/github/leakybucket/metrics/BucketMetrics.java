package io.github.leakybucket.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of buckets, per bucket name (tag {@code bucket}), never per key.
 * <ul>
 * <li>{@value #DECISIONS}: counter, tags {@code outcome} ({@code admitted}, {@code rejected}, {@code error}),
 * {@code source} ({@code local}, or {@code storage} for a decision the storage answered, errors included) and
 * {@code failure-mode} ({@code fail-open}, {@code fail-closed} on errors, {@code none} otherwise, so that every series
 * has the same tag keys).</li>
 * <li>{@value #CAPACITY}, {@value #REMAINING}, {@value #FILL}: gauges of the {@link LastKnownStates last known
 * state}, drained to the time of reading; {@code NaN} until a state is known.</li>
 * <li>{@value #STATE_AGE}: gauge, seconds since that state was seen; {@code NaN} until a state is known.</li>
 * <li>{@value #CLOCK_SKEW}: gauge, seconds; the largest amount by which another host's clock was
 * {@linkplain DecisionListener#onClockSkew reported} ahead of this one's for the bucket name, 0 until one is.</li>
 * </ul>
 * Counters are created once per name, so a decision costs one map lookup and one increment.
 */
public final class BucketMetrics implements DecisionListener {

	/** Counter of decisions. */
	public static final String DECISIONS = "leakybucket.decisions";

	/** Gauge of the capacity. */
	public static final String CAPACITY = "leakybucket.bucket.capacity";

	/** Gauge of the remaining units. */
	public static final String REMAINING = "leakybucket.bucket.remaining";

	/** Gauge of the level divided by the capacity. */
	public static final String FILL = "leakybucket.bucket.fill";

	/** Gauge of the age of the state the other gauges report. */
	public static final String STATE_AGE = "leakybucket.bucket.state.age";

	/** Gauge of the largest clock skew reported. */
	public static final String CLOCK_SKEW = "leakybucket.clock.skew";

	private static final DecisionSource[] SOURCES = DecisionSource.values();

	private final MeterRegistry registry;

	private final LastKnownStates states;

	private final ConcurrentMap<String, NameMeters> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the meters, and registers those of every bucket name the states know, now and later.
	 * @param registry the registry to register meters with
	 * @param states the last known states that the gauges report
	 */
	public BucketMetrics(MeterRegistry registry, LastKnownStates states) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.states = Objects.requireNonNull(states, "states");
		states.whenNameKnown(this::meters);
	}

	@Override
	public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
		NameMeters meters = meters(bucket.name());
		(state.admitted() ? meters.admitted : meters.rejected)[source.ordinal()].increment();
	}

	@Override
	public void onError(Bucket bucket, RuntimeException error, BucketState state) {
		NameMeters meters = meters(bucket.name());
		(state.admitted() ? meters.failedOpen : meters.failedClosed).increment();
	}

	@Override
	public void onClockSkew(Bucket bucket, Duration ahead) {
		meters(bucket.name()).clockSkewNanos.accumulateAndGet(ahead.toNanos(), Math::max);
	}

	private NameMeters meters(String name) {
		NameMeters existing = this.meters.get(name);
		return (existing != null) ? existing : this.meters.computeIfAbsent(name, this::register);
	}

	private NameMeters register(String name) {
		gauge(CAPACITY, name, null, (state) -> state.isObserved() ? state.state().capacity() : state.bucket().capacity());
		gauge(REMAINING, name, null, (state) -> state.remaining(now()));
		gauge(FILL, name, null, (state) -> state.fill(now()));
		gauge(STATE_AGE, name, "seconds", (state) -> {
			Duration age = state.age(now());
			return (age != null) ? age.toNanos() / 1e9 : Double.NaN;
		});
		AtomicLong clockSkewNanos = new AtomicLong();
		Gauge.builder(CLOCK_SKEW, clockSkewNanos, (nanos) -> nanos.get() / 1e9)
			.tag("bucket", name)
			.baseUnit("seconds")
			.strongReference(true)
			.register(this.registry);
		Counter[] admitted = new Counter[SOURCES.length];
		Counter[] rejected = new Counter[SOURCES.length];
		for (DecisionSource source : SOURCES) {
			admitted[source.ordinal()] = counter(name, "admitted", source, null);
			rejected[source.ordinal()] = counter(name, "rejected", source, null);
		}
		return new NameMeters(admitted, rejected, counter(name, "error", DecisionSource.STORAGE, FailureMode.FAIL_OPEN),
				counter(name, "error", DecisionSource.STORAGE, FailureMode.FAIL_CLOSED), clockSkewNanos);
	}

	private void gauge(String metric, String name, String unit, ToDoubleFunction<LastKnownState> value) {
		Gauge.builder(metric, this.states, (states) -> {
			LastKnownState state = states.get(name);
			return (state != null) ? value.applyAsDouble(state) : Double.NaN;
		}).tag("bucket", name).baseUnit(unit).strongReference(true).register(this.registry);
	}

	private Counter counter(String name, String outcome, DecisionSource source, FailureMode failureMode) {
		return Counter.builder(DECISIONS)
			.description("Rate-limit decisions")
			.tag("bucket", name)
			.tag("outcome", outcome)
			.tag("source", tagValue(source))
			.tag("failure-mode", (failureMode != null) ? tagValue(failureMode) : "none")
			.register(this.registry);
	}

	private Instant now() {
		return this.states.clock().instant();
	}

	private static String tagValue(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private record NameMeters(Counter[] admitted, Counter[] rejected, Counter failedOpen, Counter failedClosed,
			AtomicLong clockSkewNanos) {
	}

}
