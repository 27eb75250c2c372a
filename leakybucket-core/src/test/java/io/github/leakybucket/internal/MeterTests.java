package io.github.leakybucket.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MeterTests {

	private static final long NOW = 1_700_000_000_000_000_000L;

	private static final long SECOND = 1_000_000_000L;

	@Test
	void costIsExactWhenTheRateDivides() {
		Meter meter = new Meter(10, 10 * SECOND);
		assertThat(meter.cost(1)).isEqualTo(SECOND);
		assertThat(meter.cost(10)).isEqualTo(10 * SECOND);
	}

	@Test
	void costRoundsUpSoRoundingNeverAdmitsMore() {
		Meter meter = new Meter(3, SECOND);
		assertThat(meter.cost(1)).isEqualTo(333_333_334L);
		assertThat(meter.cost(2)).isEqualTo(666_666_667L);
		assertThat(meter.cost(3)).isEqualTo(SECOND);
		long tat = NOW;
		int admitted = 0;
		while (meter.fits(tat, NOW, 1)) {
			tat = meter.add(tat, NOW, 1);
			admitted++;
		}
		assertThat(admitted).isEqualTo(2);
	}

	@Test
	void fitsIffLevelPlusAmountIsAtMostCapacity() {
		Meter meter = new Meter(10, 10 * SECOND);
		long tat = NOW + 7 * SECOND;
		assertThat(meter.fits(tat, NOW, 3)).isTrue();
		assertThat(meter.fits(tat, NOW, 4)).isFalse();
		assertThat(meter.fits(tat, NOW + 1, 4)).isFalse();
		assertThat(meter.fits(tat, NOW + SECOND, 4)).isTrue();
	}

	@Test
	void tatInThePastIsAnEmptyBucket() {
		Meter meter = new Meter(10, 10 * SECOND);
		assertThat(meter.fits(0, NOW, 10)).isTrue();
		assertThat(meter.add(0, NOW, 10)).isEqualTo(NOW + 10 * SECOND);
		assertThat(meter.remaining(0, NOW)).isEqualTo(10);
	}

	@Test
	void latestFittingTatIsTheBoundaryOfFits() {
		Meter meter = new Meter(7, 3 * SECOND);
		long latest = meter.latestFittingTat(NOW, 2);
		assertThat(meter.fits(latest, NOW, 2)).isTrue();
		assertThat(meter.fits(latest + 1, NOW, 2)).isFalse();
	}

	@Test
	void remainingIsFloorOfTheFreeUnitsAndAlsoTheLargestAmountThatFits() {
		Meter meter = new Meter(10, 10 * SECOND);
		long tat = NOW + 7 * SECOND + 1;
		assertThat(meter.remaining(tat, NOW)).isEqualTo(2);
		assertThat(meter.fits(tat, NOW, 2)).isTrue();
		assertThat(meter.fits(tat, NOW, 3)).isFalse();
		assertThat(meter.remaining(NOW + 20 * SECOND, NOW)).isZero();
	}

	@Test
	void retryAfterIsWhenTheAmountFits() {
		Meter meter = new Meter(10, 10 * SECOND);
		long tat = NOW + 10 * SECOND;
		Duration retryAfter = meter.retryAfter(tat, NOW, 3);
		assertThat(retryAfter).isEqualTo(Duration.ofSeconds(3));
		assertThat(meter.fits(tat, NOW + retryAfter.toNanos() - 1, 3)).isFalse();
		assertThat(meter.fits(tat, NOW + retryAfter.toNanos(), 3)).isTrue();
		assertThat(meter.retryAfter(NOW, NOW, 10)).isZero();
	}

	@Test
	void statesReportResetAsTheInstantTheLevelReachesZero() {
		Meter meter = new Meter(10, 10 * SECOND);
		BucketState admitted = meter.admitted(NOW + 4 * SECOND, NOW);
		assertThat(admitted.reset()).isEqualTo(Instant.ofEpochSecond(0, NOW + 4 * SECOND));
		assertThat(admitted.remaining()).isEqualTo(6);
		BucketState rejected = meter.rejected(NOW + 10 * SECOND, NOW, 1);
		assertThat(rejected.admitted()).isFalse();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(meter.observed(0, NOW).reset()).isEqualTo(Instant.ofEpochSecond(0, NOW));
	}

	@Test
	void hugeCapacitiesAndDrainTimesTakeTheOverflowPath() {
		long drain = BucketConfig.MAX_DRAIN_TIME.toNanos();
		Meter meter = new Meter(Long.MAX_VALUE / 2, drain);
		assertThat(meter.cost(meter.capacity())).isEqualTo(drain);
		assertThat(meter.cost(1)).isEqualTo(1);
		assertThat(meter.remaining(NOW + drain / 2, NOW)).isEqualTo(meter.capacity() / 2);
		long tat = meter.add(NOW, NOW, meter.capacity());
		assertThat(meter.fits(tat, NOW, 1)).isFalse();
		long started = meter.slotsStartedBefore(drain);
		assertThat(meter.cost(started - 1)).isLessThan(drain);
		assertThat(meter.cost(started)).isEqualTo(drain);
	}

	@Test
	void slotsStartedBeforeCountsUnitsWhoseSlotBeganBeforeTheOffset() {
		Meter meter = new Meter(10, 10 * SECOND);
		assertThat(meter.slotsStartedBefore(-1)).isZero();
		assertThat(meter.slotsStartedBefore(0)).isZero();
		assertThat(meter.slotsStartedBefore(1)).isEqualTo(1);
		assertThat(meter.slotsStartedBefore(SECOND)).isEqualTo(1);
		assertThat(meter.slotsStartedBefore(SECOND + 1)).isEqualTo(2);
		Meter uneven = new Meter(3, SECOND);
		for (long offset = 0; offset < SECOND; offset += 7_777_777) {
			long started = uneven.slotsStartedBefore(offset);
			assertThat(uneven.cost(started - 1)).isLessThan(offset);
			assertThat(uneven.cost(started)).isGreaterThanOrEqualTo(offset);
		}
	}

	@Test
	void amountMustBeBetweenOneAndCapacity() {
		Meter meter = new Meter(5, SECOND);
		assertThatIllegalArgumentException().isThrownBy(() -> meter.checkAmount(6))
			.withMessage("amount must be between 1 and the capacity 5: 6");
		assertThatIllegalArgumentException().isThrownBy(() -> meter.checkAmount(0))
			.withMessage("amount must be between 1 and the capacity 5: 0");
	}

}
