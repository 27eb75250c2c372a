package io.github.leakybucket.lease;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Grants {@link Lease leases} with fencing tokens over a {@link LeaseTable}. See the
 * {@linkplain io.github.leakybucket.lease package documentation} for the timing rules and their trade-off.
 * <p>
 * An uncontended acquire is one conditional write. An acquire that finds the lease held gets the row from the
 * failed condition (no extra read) and remembers it: once this instance has seen the same row unchanged for a full
 * lease duration, the next attempt takes it over with one more conditional write. Bad input (a duration that is
 * not positive, not longer than the safety margin, or over the {@link Builder#maxDuration(Duration) maximum}; a name
 * over the table's key limit) throws {@link IllegalArgumentException} before anything is written.
 * <p>
 * Instances are thread-safe; every grant gets its own owner, so threads of one process exclude each other too.
 */
public interface Leases {

	/**
	 * Tries once to acquire a lease, without waiting.
	 * @param name the lease name
	 * @param duration how long the lease lasts unless renewed
	 * @return the lease, or empty if another owner holds it (or has not been seen idle for a full duration yet)
	 * @throws IllegalArgumentException if the name or duration is invalid
	 */
	Optional<Lease> tryAcquire(String name, Duration duration);

	/**
	 * Acquires a lease, waiting up to {@code maxWait} for it. Between attempts it backs off exponentially with
	 * full jitter, and never past the moment the lease could next be taken over; it does not spin.
	 * @param name the lease name
	 * @param duration how long the lease lasts unless renewed
	 * @param maxWait how long to wait at most; zero tries once
	 * @return the lease, or empty if it was not acquired within {@code maxWait}
	 * @throws IllegalArgumentException if the name, duration or wait is invalid
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	Optional<Lease> acquire(String name, Duration duration, Duration maxWait) throws InterruptedException;

	/**
	 * Reads a lease's row, strongly consistently, for information: who holds it, with which token.
	 * @param name the lease name
	 * @return the row, or empty if the name was never granted
	 */
	Optional<LeaseRecord> read(String name);

	/**
	 * Returns the identity of this instance, the prefix of every owner it writes.
	 * @return the owner identity
	 */
	String ownerId();

	/**
	 * Returns a builder of leases over a table.
	 * @param table the table of lease rows
	 * @return the builder
	 */
	static Builder builder(LeaseTable table) {
		return new Builder(table);
	}

	/**
	 * Builds {@link Leases}.
	 */
	final class Builder {

		/** Longest lease duration allowed unless {@link #maxDuration(Duration)} says otherwise. */
		public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(24);

		/** Longest owner identity allowed. */
		public static final int MAX_OWNER_ID_LENGTH = 200;

		final LeaseTable table;

		InstantSource clock = InstantSource.system();

		String ownerId;

		Duration safetyMargin;

		Duration maxDuration = DEFAULT_MAX_DURATION;

		Duration clockSkewBound;

		Duration minBackOff = Duration.ofMillis(20);

		Duration maxBackOff = Duration.ofSeconds(1);

		LeaseListener listener = LeaseListener.NONE;

		LeaseTiming timing = LeaseTiming.SYSTEM;

		private Builder(LeaseTable table) {
			this.table = Objects.requireNonNull(table, "table must not be null");
		}

		/**
		 * Sets the wall clock, used only to record when rows were written and by the opt-in
		 * {@link #clockSkewBound(Duration) skew-bounded takeover}. Deadlines use the monotonic clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(InstantSource clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the identity of this instance, for example a host name; each grant's owner is it plus a sequence
		 * number. Defaults to the JVM's name ({@code pid@host}) plus a random suffix.
		 * @param ownerId the identity, 1 to {@value #MAX_OWNER_ID_LENGTH} characters
		 * @return this builder
		 */
		public Builder ownerId(String ownerId) {
			Objects.requireNonNull(ownerId, "ownerId must not be null");
			if (ownerId.isEmpty() || ownerId.length() > MAX_OWNER_ID_LENGTH) {
				throw new IllegalArgumentException("ownerId must be 1 to " + MAX_OWNER_ID_LENGTH
						+ " characters, was " + ownerId.length());
			}
			this.ownerId = ownerId;
			return this;
		}

		/**
		 * Sets how long before the end of its duration a holder considers its lease lost, to absorb the difference
		 * in rate between monotonic clocks and the time to act on the answer. Defaults to a tenth of each lease's
		 * duration. Must be shorter than every duration asked for.
		 * @param safetyMargin the margin, zero or positive
		 * @return this builder
		 */
		public Builder safetyMargin(Duration safetyMargin) {
			Objects.requireNonNull(safetyMargin, "safetyMargin must not be null");
			if (safetyMargin.isNegative()) {
				throw new IllegalArgumentException("safetyMargin must not be negative, was " + safetyMargin);
			}
			this.safetyMargin = safetyMargin;
			return this;
		}

		/**
		 * Sets the longest lease duration accepted; a longer one is refused as a mistake.
		 * @param maxDuration the maximum, positive; defaults to {@link #DEFAULT_MAX_DURATION}
		 * @return this builder
		 */
		public Builder maxDuration(Duration maxDuration) {
			this.maxDuration = positive("maxDuration", maxDuration);
			return this;
		}

		/**
		 * Opts in to taking over a lease as soon as its row's recorded wall-clock write time is older than its
		 * duration plus this bound, instead of after watching it unchanged for a full duration. Safe only while no
		 * two hosts' wall clocks differ by more than the bound. Off by default.
		 * @param clockSkewBound the largest difference between hosts' wall clocks, zero or positive
		 * @return this builder
		 */
		public Builder clockSkewBound(Duration clockSkewBound) {
			Objects.requireNonNull(clockSkewBound, "clockSkewBound must not be null");
			if (clockSkewBound.isNegative()) {
				throw new IllegalArgumentException("clockSkewBound must not be negative, was " + clockSkewBound);
			}
			this.clockSkewBound = clockSkewBound;
			return this;
		}

		/**
		 * Sets the back-off of a blocking acquire: the first wait is drawn up to {@code min}, each next one up to
		 * twice the previous bound, capped at {@code max}.
		 * @param min the first bound, positive
		 * @param max the largest bound, at least {@code min}
		 * @return this builder
		 */
		public Builder backOff(Duration min, Duration max) {
			positive("min", min);
			positive("max", max);
			if (max.compareTo(min) < 0) {
				throw new IllegalArgumentException("max back-off " + max + " must be at least min back-off " + min);
			}
			this.minBackOff = min;
			this.maxBackOff = max;
			return this;
		}

		/**
		 * Sets the listener told about every operation.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(LeaseListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		Builder timing(LeaseTiming timing) {
			this.timing = Objects.requireNonNull(timing, "timing must not be null");
			return this;
		}

		/**
		 * Builds the leases. Makes no request.
		 * @return the leases
		 */
		public Leases build() {
			if (this.ownerId == null) {
				this.ownerId = ManagementFactory.getRuntimeMXBean().getName() + "-"
						+ UUID.randomUUID().toString().substring(0, 8);
			}
			return new TableLeases(this);
		}

		private static Duration positive(String name, Duration value) {
			Objects.requireNonNull(value, () -> name + " must not be null");
			if (value.isZero() || value.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive, was " + value);
			}
			return value;
		}

	}

}
