package io.github.leakybucket.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.leakybucket.kv.KeyValueStoreListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times {@link io.github.leakybucket.kv.KeyValueStore} operations as the timer {@value #OPERATIONS}, with tags
 * {@code operation} (such as {@code get} or {@code atomic-put}) and {@code outcome} ({@code success},
 * {@code not-found}, {@code conflict} or {@code error}).
 */
public final class KeyValueStoreMetrics implements KeyValueStoreListener {

	/** Timer of key/value operations. */
	public static final String OPERATIONS = "leakybucket.kv.operations";

	private final MeterRegistry registry;

	private final ConcurrentMap<OperationAndOutcome, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Creates a listener.
	 * @param registry the registry to register the timers with
	 */
	public KeyValueStoreMetrics(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	@Override
	public void onOperation(String operation, Outcome outcome, Duration elapsed) {
		OperationAndOutcome id = new OperationAndOutcome(operation, outcome);
		Timer timer = this.timers.get(id);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(id, (key) -> Timer.builder(OPERATIONS)
				.description("Key/value store operations")
				.tag("operation", key.operation())
				.tag("outcome", key.outcome().tagValue())
				.register(this.registry));
		}
		timer.record(elapsed);
	}

	private record OperationAndOutcome(String operation, Outcome outcome) {
	}

}
