package io.github.leakybucket.lease;

import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.leakybucket.lease.LeaseListener.Outcome;
import io.github.leakybucket.lease.LeaseTable.WriteResult;

/**
 * The lease logic over a {@link LeaseTable}: grants, takeovers after a row was seen unchanged for a full duration,
 * and the read-back that settles a write whose outcome is unknown.
 */
final class TableLeases implements Leases {

	private final LeaseTable table;

	private final InstantSource clock;

	private final String ownerId;

	private final Duration safetyMargin;

	private final Duration maxDuration;

	private final Duration clockSkewBound;

	private final long minBackOff;

	private final long maxBackOff;

	private final LeaseListener listener;

	private final LeaseTiming timing;

	private final AtomicLong attempts = new AtomicLong();

	/** The row of each busy lease as first seen, and when: a takeover waits until it stayed so for its duration. */
	private final Map<String, Observation> observations = new ConcurrentHashMap<>();

	TableLeases(Leases.Builder settings) {
		this.table = settings.table;
		this.clock = settings.clock;
		this.ownerId = settings.ownerId;
		this.safetyMargin = settings.safetyMargin;
		this.maxDuration = settings.maxDuration;
		this.clockSkewBound = settings.clockSkewBound;
		this.minBackOff = settings.minBackOff.toNanos();
		this.maxBackOff = settings.maxBackOff.toNanos();
		this.listener = settings.listener;
		this.timing = settings.timing;
	}

	@Override
	public Optional<Lease> tryAcquire(String name, Duration duration) {
		Duration checked = check(name, duration);
		long start = this.timing.nanoTime();
		Attempt attempt = attemptReported(name, checked, start);
		return Optional.ofNullable(attempt.lease());
	}

	@Override
	public Optional<Lease> acquire(String name, Duration duration, Duration maxWait) throws InterruptedException {
		Duration checked = check(name, duration);
		Objects.requireNonNull(maxWait, "maxWait must not be null");
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
		}
		long start = this.timing.nanoTime();
		long wait = saturatedNanos(maxWait);
		long bound = this.minBackOff;
		while (true) {
			Attempt attempt;
			try {
				attempt = attempt(name, checked);
			}
			catch (RuntimeException ex) {
				report(name, "acquire", Outcome.ERROR, start);
				throw ex;
			}
			if (attempt.lease() != null) {
				report(name, "acquire", attempt.outcome(), start);
				return Optional.of(attempt.lease());
			}
			long now = this.timing.nanoTime();
			long left = wait - (now - start);
			if (left <= 0) {
				report(name, "acquire", Outcome.BUSY, start);
				return Optional.empty();
			}
			long sleep = 1 + this.timing.random(bound);
			long untilTakeover = attempt.takeoverAt() - now;
			if (attempt.takeoverAt() != Long.MIN_VALUE && untilTakeover > 0) {
				sleep = Math.min(sleep, untilTakeover);
			}
			this.timing.sleep(Math.min(sleep, left));
			bound = Math.min(bound * 2, this.maxBackOff);
		}
	}

	@Override
	public Optional<LeaseRecord> read(String name) {
		this.table.checkName(Objects.requireNonNull(name, "name must not be null"));
		return this.table.read(name);
	}

	@Override
	public String ownerId() {
		return this.ownerId;
	}

	private Attempt attemptReported(String name, Duration duration, long start) {
		try {
			Attempt attempt = attempt(name, duration);
			report(name, "acquire", attempt.outcome(), start);
			return attempt;
		}
		catch (RuntimeException ex) {
			report(name, "acquire", Outcome.ERROR, start);
			throw ex;
		}
	}

	/**
	 * One attempt: a grant on a missing or released row, else a takeover if the row has been seen unchanged for its
	 * duration (or, opted in, its recorded write is older than duration + skew bound).
	 */
	private Attempt attempt(String name, Duration duration) {
		String owner = nextOwner();
		long start = this.timing.nanoTime();
		WriteResult grant = settle(name, () -> this.table.grant(name, owner, duration, this.clock.instant()),
				(row) -> owner.equals(row.owner()) && !row.released());
		if (grant.applied()) {
			this.observations.remove(name);
			return granted(grant.row(), start, Outcome.ACQUIRED);
		}
		LeaseRecord busy = grant.row();
		long seenAt = this.timing.nanoTime();
		if (busy == null || busy.released()) {
			return new Attempt(null, Outcome.BUSY, Long.MIN_VALUE);
		}
		Observation seen = this.observations.compute(name,
				(key, previous) -> (previous != null && previous.row().version() == busy.version()) ? previous
						: new Observation(busy, seenAt));
		long takeoverAt = seen.seenAt() + busy.duration().toNanos();
		if (seenAt - takeoverAt < 0 && !expiredByWallClock(busy)) {
			return new Attempt(null, Outcome.BUSY, takeoverAt);
		}
		// An owner of its own: a late copy of the grant above must not pass for this takeover, whose start is later.
		String taker = nextOwner();
		long takeoverStart = this.timing.nanoTime();
		WriteResult takeover = settle(name,
				() -> this.table.takeOver(busy, taker, duration, this.clock.instant()),
				(row) -> taker.equals(row.owner()) && !row.released());
		if (takeover.applied()) {
			this.observations.remove(name);
			return granted(takeover.row(), takeoverStart, Outcome.TAKEN_OVER);
		}
		return new Attempt(null, Outcome.BUSY, Long.MIN_VALUE);
	}

	/**
	 * Returns a new owner, unique to one grant or takeover request: a row that names it was written by that request
	 * (or a retry of it), sent after the request's start was read.
	 */
	private String nextOwner() {
		return this.ownerId + "#" + this.attempts.incrementAndGet();
	}

	private boolean expiredByWallClock(LeaseRecord row) {
		return this.clockSkewBound != null
				&& this.clock.instant().isAfter(row.writtenAt().plus(row.duration()).plus(this.clockSkewBound));
	}

	/**
	 * Returns a granted lease, unless the grant took so long (a slow or retried write) that its deadline passed
	 * before the answer came: such a lease is released at once, to spare the next owner the wait, and not handed out.
	 */
	private Attempt granted(LeaseRecord row, long start, Outcome outcome) {
		HeldLease lease = new HeldLease(this, row, start);
		if (lease.isHeld()) {
			return new Attempt(lease, outcome, Long.MIN_VALUE);
		}
		try {
			lease.release();
		}
		catch (RuntimeException ex) {
			// The row stays held until taken over, as after a crash.
		}
		return new Attempt(null, Outcome.BUSY, Long.MIN_VALUE);
	}

	/**
	 * Makes a conditional write; if it throws, reads the row back and tells from it whether the write was applied.
	 * A refused write whose row shows it applied (a retry of an applied request) counts as applied too. If the read
	 * fails as well, the write's exception is thrown, with the read's suppressed.
	 */
	WriteResult settle(String name, Supplier<WriteResult> write, Predicate<LeaseRecord> appliedIf) {
		WriteResult result;
		try {
			result = write.get();
		}
		catch (IllegalArgumentException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			Optional<LeaseRecord> row;
			try {
				row = this.table.read(name);
			}
			catch (RuntimeException readFailure) {
				ex.addSuppressed(readFailure);
				throw ex;
			}
			return row.filter(appliedIf).map(WriteResult::applied).orElseGet(() -> WriteResult.refused(row.orElse(null)));
		}
		if (!result.applied() && result.row() != null && appliedIf.test(result.row())) {
			return WriteResult.applied(result.row());
		}
		return result;
	}

	long deadline(long start, Duration duration) {
		return start + duration.toNanos() - margin(duration).toNanos();
	}

	private Duration margin(Duration duration) {
		return (this.safetyMargin != null) ? this.safetyMargin : duration.dividedBy(10);
	}

	private Duration check(String name, Duration duration) {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(duration, "duration must not be null");
		this.table.checkName(name);
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException("duration must be positive, was " + duration);
		}
		if (duration.compareTo(this.maxDuration) > 0) {
			throw new IllegalArgumentException(
					"duration " + duration + " is over the maximum lease duration of " + this.maxDuration);
		}
		Duration millis = duration.truncatedTo(ChronoUnit.MILLIS);
		if (millis.isZero()) {
			throw new IllegalArgumentException("duration must be at least 1 ms, was " + duration);
		}
		if (margin(millis).compareTo(millis) >= 0) {
			throw new IllegalArgumentException(
					"duration " + duration + " must be longer than the safety margin of " + margin(millis));
		}
		return millis;
	}

	LeaseTable table() {
		return this.table;
	}

	InstantSource clock() {
		return this.clock;
	}

	LeaseTiming timing() {
		return this.timing;
	}

	Duration safetyMargin(Duration duration) {
		return margin(duration);
	}

	void report(String name, String operation, Outcome outcome, long start) {
		this.listener.onOperation(name, operation, outcome, Duration.ofNanos(this.timing.nanoTime() - start));
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

	@Override
	public String toString() {
		return "Leases[owner=" + this.ownerId + ", table=" + this.table + "]";
	}

	private record Observation(LeaseRecord row, long seenAt) {
	}

	/**
	 * The outcome of one attempt.
	 *
	 * @param lease the lease, or {@code null} if busy
	 * @param outcome how it ended
	 * @param takeoverAt when the busy lease could be taken over, or {@code Long.MIN_VALUE} if not known
	 */
	private record Attempt(HeldLease lease, Outcome outcome, long takeoverAt) {
	}

}
