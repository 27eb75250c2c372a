package io.github.leakybucket.metrics;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.leakybucket.circuit.CircuitStates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer gauges of the circuit breaker of each configured bucket name: {@value #STATE}, tags {@code bucket} and
 * {@code state} (the lower-case name of each {@link CircuitBreaker.State}, such as {@code closed}, {@code open} and
 * {@code half_open}), 1 for the breaker's current state and 0 for the others.
 * <p>
 * One series per state, rather than one gauge with a number per state, is how resilience4j's own Micrometer binder
 * reports {@code resilience4j.circuitbreaker.state}: a dashboard or an alert selects {@code state="open"} without
 * knowing an encoding, and summing over {@code bucket} counts the open breakers. Reading a gauge makes no request.
 */
public final class CircuitBreakerMetrics {

	/** Gauge of a circuit breaker's state. */
	public static final String STATE = "leakybucket.circuit.state";

	/**
	 * Registers the gauges of every configured bucket name, if the storage has circuit breakers.
	 * @param registry the registry to register gauges with
	 * @param states the circuit states, or {@code null} if the storage has no circuit breakers, which registers
	 * nothing
	 */
	public CircuitBreakerMetrics(MeterRegistry registry, @Nullable CircuitStates states) {
		Objects.requireNonNull(registry, "registry");
		if (states == null) {
			return;
		}
		for (String name : states.names()) {
			for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
				Gauge.builder(STATE, states, (current) -> (current.state(name) == state) ? 1 : 0)
					// Nothing else holds the states, and a weakly held one reads as NaN once collected.
					.strongReference(true)
					.tag("bucket", name)
					.tag("state", state.name().toLowerCase(Locale.ROOT))
					.description("Whether the circuit breaker of the bucket name is in this state")
					.register(registry);
			}
		}
	}

}
