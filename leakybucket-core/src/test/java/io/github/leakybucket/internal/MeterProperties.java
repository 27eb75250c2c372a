package io.github.leakybucket.internal;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.BucketConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Meter}'s arithmetic over its whole domain: every capacity, every drain time a {@link BucketConfig} accepts,
 * clocks from 2000 to 2200 and stored levels up to a day past full. Nothing overflows, and the operations agree with
 * one another.
 */
class MeterProperties {

	private static final long YEAR_2000 = Meter.epochNanos(Instant.parse("2000-01-01T00:00:00Z"));

	private static final long YEAR_2200 = Meter.epochNanos(Instant.parse("2200-01-01T00:00:00Z"));

	private static final long ONE_DAY = Duration.ofDays(1).toNanos();

	@Property
	void latestFittingTatNeverOverflows(@ForAll("cases") Case c) {
		assertThat(c.meter().latestFittingTat(c.now(), c.amount())).isGreaterThanOrEqualTo(c.now());
	}

	@Example
	void latestFittingTatOfTheLongestDrainTimeInTheYear2200() {
		Meter meter = new Meter(3, BucketConfig.MAX_DRAIN_TIME.toNanos());
		assertThat(meter.latestFittingTat(YEAR_2200, 1)).isGreaterThanOrEqualTo(YEAR_2200);
	}

	@Property
	void decisionsNeverOverflow(@ForAll("cases") Case c) {
		Meter meter = c.meter();
		meter.fits(c.tat(), c.now(), c.amount());
		meter.add(c.tat(), c.now(), c.amount());
		meter.remaining(c.tat(), c.now());
		meter.retryAfter(c.tat(), c.now(), c.amount());
		meter.slotsStartedBefore(c.tat() - c.now());
		meter.slotsStartedBefore(c.now() - c.tat());
		meter.rejected(c.tat(), c.now(), c.amount());
		meter.admitted(c.tat(), c.now(), c.amount());
	}

	@Property
	void remainingIsBetweenZeroAndTheCapacity(@ForAll("cases") Case c) {
		assertThat(c.meter().remaining(c.tat(), c.now())).isBetween(0L, c.meter().capacity());
	}

	@Property
	void anAmountThatFitsIsAddedWithinOneDrainTime(@ForAll("cases") Case c) {
		Meter meter = c.meter();
		if (meter.fits(c.tat(), c.now(), c.amount())) {
			BigInteger full = BigInteger.valueOf(c.now()).add(BigInteger.valueOf(meter.drainNanos()));
			assertThat(BigInteger.valueOf(meter.add(c.tat(), c.now(), c.amount()))).isLessThanOrEqualTo(full);
		}
	}

	@Property
	void retryAfterIsZeroExactlyWhenTheAmountFits(@ForAll("cases") Case c) {
		Meter meter = c.meter();
		assertThat(meter.retryAfter(c.tat(), c.now(), c.amount()).isZero())
			.isEqualTo(meter.fits(c.tat(), c.now(), c.amount()));
	}

	@Property
	void startedSlotsAreBetweenZeroAndTheCapacity(@ForAll("cases") Case c) {
		assertThat(c.meter().slotsStartedBefore(c.tat() - c.now())).isBetween(0L, c.meter().capacity());
	}

	@Provide
	Arbitrary<Case> cases() {
		Arbitrary<Long> capacities = Arbitraries.oneOf(uniform(1, Long.MAX_VALUE),
				Arbitraries.of(1L, 2L, 3L, 1_000_000_007L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
		Arbitrary<Long> drains = Arbitraries.oneOf(
				uniform(Duration.ofMillis(1).toNanos(), BucketConfig.MAX_DRAIN_TIME.toNanos()),
				Arbitraries.of(Duration.ofMillis(1).toNanos(), BucketConfig.MAX_DRAIN_TIME.toNanos()));
		Arbitrary<Long> nows = Arbitraries.oneOf(uniform(YEAR_2000, YEAR_2200), Arbitraries.of(YEAR_2000, YEAR_2200));
		return Combinators.combine(capacities, drains, nows).flatAs((capacity, drain, now) -> {
			long full = saturatedAdd(now, drain);
			long latest = saturatedAdd(full, ONE_DAY);
			Arbitrary<Long> tats = Arbitraries.oneOf(uniform(0, latest),
					Arbitraries.of(0L, now, now + 1, full, saturatedAdd(full, 1), latest));
			Arbitrary<Long> amounts = Arbitraries.oneOf(uniform(1, capacity),
					Arbitraries.of(1L, capacity));
			return Combinators.combine(tats, amounts)
				.as((tat, amount) -> new Case(new Meter(capacity, drain), now, tat, amount));
		});
	}

	/** Spreads values over the whole range: jqwik's default favours the low end, and overflows live at the top. */
	private static Arbitrary<Long> uniform(long min, long max) {
		return Arbitraries.longs().between(min, max).withDistribution(RandomDistribution.uniform());
	}

	/** The largest stored tat is a long: past that, the domain ends. */
	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (sum < a) ? Long.MAX_VALUE : sum;
	}

	/** One point of the domain. */
	record Case(Meter meter, long now, long tat, long amount) {
	}

}
