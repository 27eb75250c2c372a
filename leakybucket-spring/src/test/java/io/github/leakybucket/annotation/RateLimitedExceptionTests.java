package io.github.leakybucket.annotation;

import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.BucketState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitedException}.
 */
class RateLimitedExceptionTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void rejectionOverTheLimitIsNotAStorageFailure() {
		RateLimitedException ex = new RateLimitedException("api", "alice", Duration.ofSeconds(10),
				BucketState.rejected(5, 0, NOW, Duration.ofSeconds(2)));
		assertThat(ex.isStorageFailed()).isFalse();
		assertThat(ex).hasMessage("Rate limit of bucket 'api' key 'alice' exceeded; retry after PT2S");
	}

	@Test
	void rejectionByAFailClosedBucketWhoseStorageFailedSaysSo() {
		RateLimitedException ex = new RateLimitedException("api", null, Duration.ofSeconds(10),
				BucketState.failed(5, 5, NOW, false, Duration.ZERO));
		assertThat(ex.isStorageFailed()).isTrue();
		assertThat(ex).hasMessage("Storage of bucket 'api' failed and its failure mode rejected the call");
	}

}
