package io.github.leakybucket.internal;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import io.github.leakybucket.BucketConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Meter}'s arithmetic over its whole domain: every capacity, every drain time a {@link BucketConfig} accepts,
 * clocks from 2000 to 2200 and stored levels up to a day past full. Nothing overflows, and the operations agree with
 * one another. Each property is checked on the domain's corners and on {@value #SAMPLES} points drawn uniformly
 * from a fixed seed (overflows live at the top of the ranges, which uniform draws reach).
 */
class MeterPropertyTests {

	private static final int SAMPLES = 200_000;

	private static final long YEAR_2000 = Meter.epochNanos(Instant.parse("2000-01-01T00:00:00Z"));

	private static final long YEAR_2200 = Meter.epochNanos(Instant.parse("2200-01-01T00:00:00Z"));

	private static final long ONE_DAY = Duration.ofDays(1).toNanos();

	private static final long MIN_DRAIN = Duration.ofMillis(1).toNanos();

	private static final long MAX_DRAIN = BucketConfig.MAX_DRAIN_TIME.toNanos();

	@Test
	void latestFittingTatNeverOverflows() {
		forAll((c) -> assertThat(c.meter().latestFittingTat(c.now(), c.amount())).isGreaterThanOrEqualTo(c.now()));
	}

	@Test
	void latestFittingTatOfTheLongestDrainTimeInTheYear2200() {
		Meter meter = new Meter(3, MAX_DRAIN);
		assertThat(meter.latestFittingTat(YEAR_2200, 1)).isGreaterThanOrEqualTo(YEAR_2200);
	}

	@Test
	void decisionsNeverOverflow() {
		forAll((c) -> {
			Meter meter = c.meter();
			meter.fits(c.tat(), c.now(), c.amount());
			meter.remaining(c.tat(), c.now());
			meter.retryAfter(c.tat(), c.now(), c.amount());
			meter.slotsStartedBefore(c.tat() - c.now());
			meter.slotsStartedBefore(c.now() - c.tat());
			meter.rejected(c.tat(), c.now(), c.amount());
			meter.admitted(c.tat(), c.now(), c.amount());
		});
	}

	@Test
	void remainingIsBetweenZeroAndTheCapacity() {
		forAll((c) -> assertThat(c.meter().remaining(c.tat(), c.now())).isBetween(0L, c.meter().capacity()));
	}

	@Test
	void anAmountThatFitsIsAddedWithinOneDrainTime() {
		forAll((c) -> {
			Meter meter = c.meter();
			if (meter.fits(c.tat(), c.now(), c.amount())) {
				BigInteger full = BigInteger.valueOf(c.now()).add(BigInteger.valueOf(meter.drainNanos()));
				BigInteger added = BigInteger.valueOf(Math.max(c.tat(), c.now()))
					.add(BigInteger.valueOf(meter.cost(c.amount())));
				assertThat(added).isLessThanOrEqualTo(full);
			}
		});
	}

	@Test
	void retryAfterIsZeroExactlyWhenTheAmountFits() {
		forAll((c) -> assertThat(c.meter().retryAfter(c.tat(), c.now(), c.amount()).isZero())
			.isEqualTo(c.meter().fits(c.tat(), c.now(), c.amount())));
	}

	@Test
	void startedSlotsAreBetweenZeroAndTheCapacity() {
		forAll((c) -> assertThat(c.meter().slotsStartedBefore(c.tat() - c.now())).isBetween(0L,
				c.meter().capacity()));
	}

	private static void forAll(Consumer<Case> property) {
		long[] capacities = { 1, 2, 3, 1_000_000_007L, Long.MAX_VALUE - 1, Long.MAX_VALUE };
		long[] drains = { MIN_DRAIN, MAX_DRAIN };
		long[] nows = { YEAR_2000, YEAR_2200 };
		for (long capacity : capacities) {
			for (long drain : drains) {
				for (long now : nows) {
					long full = saturatedAdd(now, drain);
					for (long tat : new long[] { 0, now, now + 1, full, saturatedAdd(full, 1), latest(full) }) {
						for (long amount : new long[] { 1, capacity }) {
							check(property, new Case(new Meter(capacity, drain), now, tat, amount));
						}
					}
				}
			}
		}
		SplittableRandom random = new SplittableRandom(20261130);
		for (int i = 0; i < SAMPLES; i++) {
			long capacity = random.nextInt(4) == 0 ? 1 + random.nextLong(100) : random.nextLong(1, Long.MAX_VALUE)
					+ random.nextLong(2);
			long drain = random.nextLong(MIN_DRAIN, MAX_DRAIN + 1);
			long now = random.nextLong(YEAR_2000, YEAR_2200 + 1);
			long latest = latest(saturatedAdd(now, drain));
			long tat = (latest == Long.MAX_VALUE) ? random.nextLong(0, latest) : random.nextLong(0, latest + 1);
			long amount = 1 + random.nextLong(capacity);
			check(property, new Case(new Meter(capacity, drain), now, tat, amount));
		}
	}

	private static void check(Consumer<Case> property, Case c) {
		try {
			property.accept(c);
		}
		catch (RuntimeException | AssertionError ex) {
			throw new AssertionError("Property fails for " + c, ex);
		}
	}

	/** The largest stored tat the engine accepts: a day past full, or the largest long. */
	private static long latest(long full) {
		return saturatedAdd(full, ONE_DAY);
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (sum < a) ? Long.MAX_VALUE : sum;
	}

	/** One point of the domain. */
	record Case(Meter meter, long now, long tat, long amount) {
	}

}
