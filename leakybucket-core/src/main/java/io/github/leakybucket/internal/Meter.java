package io.github.leakybucket.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;

/**
 * The arithmetic of a leaky bucket kept as a theoretical arrival time (the generic cell rate algorithm).
 * <p>
 * A bucket's whole state is one number, {@code tat}: the instant, in epoch nanoseconds, at which its level reaches
 * zero. At time {@code now} the level is {@code max(0, tat - now) * capacity / drainNanos}. Adding {@code n} units
 * moves {@code tat} to {@code max(tat, now) + cost(n)}, and is admitted if and only if that is at most
 * {@code now + drainNanos}, which is {@code level + n <= capacity}. Costs round up, so rounding never admits more.
 *
 * @param capacity units the bucket holds
 * @param drainNanos nanoseconds a full bucket takes to drain
 */
public record Meter(long capacity, long drainNanos) {

	/**
	 * Returns the meter of a bucket configuration.
	 * @param config the configuration
	 * @return the meter
	 */
	public static Meter of(BucketConfig config) {
		return new Meter(config.capacity(), config.drainTime().toNanos());
	}

	/**
	 * Converts an instant to epoch nanoseconds.
	 * @param instant the instant
	 * @return nanoseconds since the epoch
	 */
	public static long epochNanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
	}

	/**
	 * Checks an amount.
	 * @param amount units to add
	 * @throws IllegalArgumentException if the amount is not between 1 and the capacity
	 */
	public void checkAmount(long amount) {
		if (amount <= 0 || amount > this.capacity) {
			throw new IllegalArgumentException(
					"amount must be between 1 and the capacity " + this.capacity + ": " + amount);
		}
	}

	/**
	 * Returns the nanoseconds of backlog that an amount adds, rounded up.
	 * @param amount units
	 * @return {@code ceil(amount * drainNanos / capacity)}
	 */
	public long cost(long amount) {
		return multiplyDivide(amount, this.drainNanos, this.capacity, RoundingMode.CEILING);
	}

	/**
	 * Returns whether the amount fits.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @param amount units to add
	 * @return whether {@code level + amount <= capacity}
	 */
	public boolean fits(long tat, long now, long amount) {
		return backlog(tat, now) <= this.drainNanos - cost(amount);
	}

	/**
	 * Returns the nanoseconds of backlog the bucket holds: {@code max(tat, now) - now}. Never overflows for
	 * non-negative values.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @return the backlog, zero or more
	 */
	public static long backlog(long tat, long now) {
		return Math.max(tat, now) - now;
	}

	/**
	 * Returns the theoretical arrival time after adding an amount.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @param amount units to add
	 * @return {@code max(tat, now) + cost(amount)}
	 */
	public long add(long tat, long now, long amount) {
		return Math.max(tat, now) + cost(amount);
	}

	/**
	 * Returns the latest {@code tat} at which the amount still fits.
	 * @param now the current time
	 * @param amount units to add
	 * @return {@code now + drainNanos - cost(amount)}
	 * @throws ArithmeticException past the domain of {@link BucketConfig#MAX_DRAIN_TIME}
	 */
	public long latestFittingTat(long now, long amount) {
		return Math.addExact(now, this.drainNanos - cost(amount));
	}

	/**
	 * Returns how many whole units fit now.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @return {@code floor(capacity - level)}, between 0 and capacity
	 */
	public long remaining(long tat, long now) {
		long free = this.drainNanos - Math.min(this.drainNanos, backlog(tat, now));
		return multiplyDivide(free, this.capacity, this.drainNanos, RoundingMode.FLOOR);
	}

	/**
	 * Returns how many unit slots of a block have started by an offset from the block's start. Unit {@code i} of a
	 * block starting at {@code a} occupies {@code [a + cost(i), a + cost(i + 1))}.
	 * @param offset nanoseconds since the block's start
	 * @return how many {@code i >= 0} have {@code cost(i) < offset}
	 */
	public long slotsStartedBefore(long offset) {
		if (offset <= 0) {
			return 0;
		}
		if (offset > this.drainNanos) {
			// Every slot of a block starts within one drain time of its start.
			return this.capacity;
		}
		return multiplyDivide(offset - 1, this.capacity, this.drainNanos, RoundingMode.FLOOR) + 1;
	}

	/**
	 * Returns how long until an amount fits.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @param amount units to add
	 * @return zero if it fits now
	 */
	public Duration retryAfter(long tat, long now, long amount) {
		return Duration.ofNanos(Math.max(0, backlog(tat, now) - (this.drainNanos - cost(amount))));
	}

	/**
	 * Returns the state after an admitted decision.
	 * @param tat the theoretical arrival time after the decision
	 * @param now the current time
	 * @return an admitted state
	 */
	public BucketState admitted(long tat, long now) {
		return BucketState.admitted(this.capacity, remaining(tat, now), reset(tat, now));
	}

	/**
	 * Returns the state of one call admitted by a write that added more units than the call's, as if the calls of
	 * the write had been made one by one: the call sees the units written after its own as still free.
	 * @param tat the theoretical arrival time after the write
	 * @param now the current time
	 * @param unitsAfter units the write added after this call's
	 * @return an admitted state
	 */
	public BucketState admitted(long tat, long now, long unitsAfter) {
		long remaining = remaining(tat, now);
		return BucketState.admitted(this.capacity, remaining + Math.min(unitsAfter, this.capacity - remaining),
				reset(tat - cost(Math.min(unitsAfter, this.capacity)), now));
	}

	/**
	 * Returns the state that a bucket's failure mode answers.
	 * @param tat the last known theoretical arrival time
	 * @param now the current time
	 * @param amount units asked for
	 * @param admit whether the failure mode admits
	 * @return a state marked {@link BucketState#storageFailed()}
	 */
	public BucketState failed(long tat, long now, long amount, boolean admit) {
		return BucketState.failed(this.capacity, remaining(tat, now), reset(tat, now), admit,
				admit ? Duration.ZERO : retryAfter(tat, now, amount));
	}

	/**
	 * Returns the state of a rejected decision.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @param amount the amount that did not fit
	 * @return a rejected state
	 */
	public BucketState rejected(long tat, long now, long amount) {
		return BucketState.rejected(this.capacity, remaining(tat, now), reset(tat, now), retryAfter(tat, now, amount));
	}

	/**
	 * Returns the state without a decision, as when reading the bucket.
	 * @param tat the stored theoretical arrival time
	 * @param now the current time
	 * @return an admitted-shaped state with zero retry-after
	 */
	public BucketState observed(long tat, long now) {
		return admitted(tat, now);
	}

	private static Instant reset(long tat, long now) {
		long nanos = Math.max(tat, now);
		return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
	}

	private static long multiplyDivide(long a, long b, long divisor, RoundingMode rounding) {
		if (Math.multiplyHigh(a, b) == 0 && a * b >= 0) {
			long product = a * b;
			long quotient = Math.floorDiv(product, divisor);
			boolean exact = quotient * divisor == product;
			return (rounding == RoundingMode.CEILING && !exact) ? quotient + 1 : quotient;
		}
		return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
			.divide(new BigDecimal(divisor), 0, rounding)
			.longValueExact();
	}

}
