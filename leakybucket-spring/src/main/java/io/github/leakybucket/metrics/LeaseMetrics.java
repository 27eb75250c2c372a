package io.github.leakybucket.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.leakybucket.lease.LeaseListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times lease operations as the timer {@value #OPERATIONS}, with tags {@code operation} ({@code acquire},
 * {@code renew} or {@code release}), {@code outcome} ({@code acquired}, {@code taken-over}, {@code busy} when
 * contended, {@code renewed}, {@code released}, {@code lost} or {@code error}) and, unless turned off, {@code name}
 * (the lease name: turn it off when names are unbounded, such as one lease per entity).
 */
public final class LeaseMetrics implements LeaseListener {

	/** Timer of lease operations. */
	public static final String OPERATIONS = "leakybucket.leases";

	private final MeterRegistry registry;

	private final boolean tagNames;

	private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Creates a listener that tags the lease name.
	 * @param registry the registry to register the timers with
	 */
	public LeaseMetrics(MeterRegistry registry) {
		this(registry, true);
	}

	/**
	 * Creates a listener.
	 * @param registry the registry to register the timers with
	 * @param tagNames whether to tag each timer with the lease name
	 */
	public LeaseMetrics(MeterRegistry registry, boolean tagNames) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.tagNames = tagNames;
	}

	@Override
	public void onOperation(String name, String operation, Outcome outcome, Duration elapsed) {
		Key key = new Key(this.tagNames ? name : null, operation, outcome);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(key, this::register);
		}
		timer.record(elapsed);
	}

	private Timer register(Key key) {
		Timer.Builder builder = Timer.builder(OPERATIONS)
			.description("Lease operations")
			.tag("operation", key.operation())
			.tag("outcome", key.outcome().tagValue());
		if (key.name() != null) {
			builder.tag("name", key.name());
		}
		return builder.register(this.registry);
	}

	private record Key(String name, String operation, Outcome outcome) {
	}

}
