package io.github.leakybucket.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.leakybucket.internal.DecisionEngine;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CircuitBreakerConfigurationsTests {

	@Test
	void defaultPropertiesAreTheStorageDefaults() {
		CircuitBreakerConfig fromProperties = CircuitBreakerConfigurations.of(new LeakyBucketProperties.CircuitBreaker());
		CircuitBreakerConfig storageDefault = DecisionEngine.defaultCircuitBreakerConfig();
		assertThat(fromProperties.getFailureRateThreshold()).isEqualTo(storageDefault.getFailureRateThreshold());
		assertThat(fromProperties.getMinimumNumberOfCalls()).isEqualTo(storageDefault.getMinimumNumberOfCalls());
		assertThat(fromProperties.getSlidingWindowSize()).isEqualTo(storageDefault.getSlidingWindowSize());
		assertThat(fromProperties.getSlidingWindowType()).isEqualTo(storageDefault.getSlidingWindowType());
		assertThat(fromProperties.getWaitIntervalFunctionInOpenState().apply(1))
			.isEqualTo(storageDefault.getWaitIntervalFunctionInOpenState().apply(1));
		assertThat(fromProperties.getPermittedNumberOfCallsInHalfOpenState())
			.isEqualTo(storageDefault.getPermittedNumberOfCallsInHalfOpenState());
	}

	@Test
	void propertiesSetTheBreaker() {
		CircuitBreakerConfig config = of((breaker) -> {
			breaker.setFailureRateThreshold(25);
			breaker.setMinimumNumberOfCalls(7);
			breaker.setSlidingWindow(Duration.ofMinutes(1));
			breaker.setWaitDurationInOpenState(Duration.ofMillis(250));
		});
		assertThat(config.getFailureRateThreshold()).isEqualTo(25);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(7);
		assertThat(config.getSlidingWindowSize()).isEqualTo(60);
		assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(250);
	}

	@Test
	void failureRateOutsidePercentFailsNamingProperty() {
		assertFailsNaming("failure-rate-threshold", (breaker) -> breaker.setFailureRateThreshold(0));
		assertFailsNaming("failure-rate-threshold", (breaker) -> breaker.setFailureRateThreshold(101));
	}

	@Test
	void minimumBelowOneFailsNamingProperty() {
		assertFailsNaming("minimum-number-of-calls", (breaker) -> breaker.setMinimumNumberOfCalls(0));
	}

	@Test
	void slidingWindowOfPartSecondsFailsNamingProperty() {
		assertFailsNaming("sliding-window", (breaker) -> breaker.setSlidingWindow(Duration.ofMillis(1500)));
		assertFailsNaming("sliding-window", (breaker) -> breaker.setSlidingWindow(Duration.ZERO));
		assertFailsNaming("sliding-window", (breaker) -> breaker.setSlidingWindow(null));
	}

	@Test
	void waitBelowOneMillisecondFailsNamingProperty() {
		assertFailsNaming("wait-duration-in-open-state",
				(breaker) -> breaker.setWaitDurationInOpenState(Duration.ofNanos(999_999)));
		assertFailsNaming("wait-duration-in-open-state", (breaker) -> breaker.setWaitDurationInOpenState(null));
	}

	private static CircuitBreakerConfig of(Consumer<LeakyBucketProperties.CircuitBreaker> settings) {
		LeakyBucketProperties.CircuitBreaker breaker = new LeakyBucketProperties.CircuitBreaker();
		settings.accept(breaker);
		return CircuitBreakerConfigurations.of(breaker);
	}

	private static void assertFailsNaming(String property, Consumer<LeakyBucketProperties.CircuitBreaker> settings) {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(() -> of(settings))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("leakybucket.circuit-breaker." + property));
	}

}
