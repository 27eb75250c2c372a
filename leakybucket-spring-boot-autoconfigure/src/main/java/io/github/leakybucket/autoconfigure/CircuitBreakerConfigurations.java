package io.github.leakybucket.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

/**
 * Turns {@code leakybucket.circuit-breaker.*} into a checked {@link CircuitBreakerConfig}, failing with the name of
 * the bad property. Besides the properties it keeps the storage's default of one probe in the half-open state.
 */
final class CircuitBreakerConfigurations {

	private static final String PREFIX = "leakybucket.circuit-breaker.";

	private CircuitBreakerConfigurations() {
	}

	static CircuitBreakerConfig of(LeakyBucketProperties.CircuitBreaker properties) {
		float failureRate = properties.getFailureRateThreshold();
		if (!(failureRate > 0 && failureRate <= 100)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "failure-rate-threshold", failureRate,
					"it must be a percentage above 0 and at most 100, such as 50");
		}
		int minimumCalls = properties.getMinimumNumberOfCalls();
		if (minimumCalls < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "minimum-number-of-calls", minimumCalls,
					"it must be at least 1, such as 3");
		}
		Duration window = properties.getSlidingWindow();
		if (window == null || window.getNano() != 0 || window.getSeconds() < 1
				|| window.getSeconds() > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "sliding-window", window,
					"it must be a whole number of seconds, at least 1s, such as 10s");
		}
		Duration wait = properties.getWaitDurationInOpenState();
		if (wait == null || wait.toMillis() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "wait-duration-in-open-state", wait,
					"it must be at least 1ms, such as 1s");
		}
		return CircuitBreakerConfig.custom()
			.slidingWindow((int) window.getSeconds(), minimumCalls, SlidingWindowType.TIME_BASED)
			.failureRateThreshold(failureRate)
			.waitDurationInOpenState(wait)
			.permittedNumberOfCallsInHalfOpenState(1)
			.build();
	}

}
