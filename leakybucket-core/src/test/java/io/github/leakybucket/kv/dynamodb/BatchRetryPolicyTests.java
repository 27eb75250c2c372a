package io.github.leakybucket.kv.dynamodb;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchRetryPolicyTests {

	private final BatchRetryPolicy policy = new BatchRetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(100));

	@Test
	void backoffIsJitteredBelowAnExponentialBound() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.policy.backoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(10));
			assertThat(this.policy.backoff(3)).isBetween(Duration.ZERO, Duration.ofMillis(40));
			assertThat(this.policy.backoff(60)).isBetween(Duration.ZERO, Duration.ofMillis(100));
		}
	}

	@Test
	void atLeastOneAttemptIsRequired() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchRetryPolicy(0, Duration.ZERO, Duration.ZERO))
			.withMessage("maxAttempts must be at least 1, was 0");
	}

	@Test
	void maxBackoffMustNotBeBelowTheInitialOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchRetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("maxBackoff must be at least initialBackoff");
	}

}
