package io.github.leakybucket.web;

import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.BucketState;
import io.github.leakybucket.web.RateLimitHeaders.Draft;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitHeaders} and {@link RateLimitFields}: how a leaky bucket maps onto the fields.
 */
class RateLimitHeadersTests {

	private static final Instant now = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void policyGivesTheCapacityAndTheDrainTime() {
		assertThat(RateLimitHeaders.policy("demo", 10, Duration.ofSeconds(10))).isEqualTo("\"demo\";q=10;w=10");
		assertThat(RateLimitHeaders.policy("a\"b", 1, Duration.ofMillis(1500))).isEqualTo("\"a\\\"b\";q=1;w=2");
	}

	@Test
	void draft11WindowIsTheTimeUntilOneMoreUnitFits() {
		// Level 3.5 of 10, draining 1 unit a second: 6 fit now, the 7th in 0.5 s.
		assertThat(limit(10, Duration.ofSeconds(10), 6, Duration.ofMillis(3500), Draft.DRAFT_11))
			.isEqualTo("\"demo\";r=6;t=1");
		// Full bucket of 2 draining in an hour: the next unit fits in half an hour.
		assertThat(limit(2, Duration.ofHours(1), 0, Duration.ofHours(1), Draft.DRAFT_11))
			.isEqualTo("\"demo\";r=0;t=1800");
	}

	@Test
	void draft11WindowOfAnEmptyBucketIsOneUnitsLeakTime() {
		assertThat(limit(5, Duration.ofMinutes(1), 5, Duration.ZERO, Draft.DRAFT_11)).isEqualTo("\"demo\";r=5;t=12");
	}

	@Test
	void draft10ResetIsTheTimeUntilTheBucketIsEmpty() {
		assertThat(limit(2, Duration.ofHours(1), 0, Duration.ofHours(1), Draft.DRAFT_10))
			.isEqualTo("\"demo\";r=0;t=3600");
		assertThat(limit(10, Duration.ofSeconds(10), 6, Duration.ofMillis(3500), Draft.DRAFT_10))
			.isEqualTo("\"demo\";r=6;t=4");
	}

	@Test
	void fieldsListEveryPolicyAndNameTheBucketWithFewestRemainingUnits() {
		RateLimitFields fields = new RateLimitFields();
		fields.record("burst", Duration.ofSeconds(10), BucketState.admitted(5, 3, now.plusSeconds(4)));
		fields.record("daily", Duration.ofDays(1), BucketState.admitted(100, 2, now.plusSeconds(80000)));
		fields.recordPolicy("other", 7, Duration.ofMinutes(1));
		assertThat(fields.policy()).isEqualTo("\"burst\";q=5;w=10, \"daily\";q=100;w=86400, \"other\";q=7;w=60");
		assertThat(fields.limit(now.toEpochMilli(), Draft.DRAFT_10)).isEqualTo("\"daily\";r=2;t=80000");
	}

	@Test
	void fieldsNameTheRejectingBucketWhateverItsRemainingUnits() {
		RateLimitFields fields = new RateLimitFields();
		fields.record("daily", Duration.ofDays(1), BucketState.admitted(100, 1, now.plusSeconds(80000)));
		fields.record("burst", Duration.ofSeconds(10),
				BucketState.rejected(5, 2, now.plusSeconds(8), Duration.ofSeconds(2)));
		assertThat(fields.limit(now.toEpochMilli(), Draft.DRAFT_10)).isEqualTo("\"burst\";r=2;t=8");
	}

	@Test
	void fieldsLeaveOutDecisionsOfAFailedStorage() {
		RateLimitFields fields = new RateLimitFields();
		fields.record("demo", Duration.ofSeconds(10), BucketState.failed(5, 5, now, true, Duration.ZERO));
		assertThat(fields.isEmpty()).isTrue();
		assertThat(fields.policy()).isNull();
	}

	private static String limit(long capacity, Duration drainTime, long remaining, Duration untilEmpty, Draft draft) {
		return RateLimitHeaders.limit("demo", capacity, drainTime, remaining, now.plus(untilEmpty), now.toEpochMilli(),
				draft);
	}

}
