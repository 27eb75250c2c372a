package io.github.leakybucket.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A linearizable lease table in simulated time, with the same conditions as DynamoDB's, behind a network that
 * delays requests and answers and times out: a request that times out was either never applied, applied before
 * the timeout (the answer was lost), or applied after it (it arrived late). Records every violation of the token's
 * rules it sees.
 */
final class SimulatedLeaseTable implements LeaseTable {

	private final CooperativeScheduler scheduler;

	private final SplittableRandom random;

	private final Faults faults;

	private final Map<String, LeaseRecord> rows = new HashMap<>();

	final List<String> violations = new ArrayList<>();

	/** Every applied write, for the description of a failed schedule. */
	final List<String> history = new ArrayList<>();

	long ambiguousWrites;

	long failedReads;

	SimulatedLeaseTable(CooperativeScheduler scheduler, SplittableRandom random, Faults faults) {
		this.scheduler = scheduler;
		this.random = random;
		this.faults = faults;
	}

	@Override
	public void checkName(String name) {
		if (name.isEmpty() || name.length() > 1024) {
			throw new IllegalArgumentException("name must be 1 to 1024 characters");
		}
	}

	@Override
	public Optional<LeaseRecord> read(String name) {
		this.scheduler.sleep(delay());
		if (this.random.nextDouble() < this.faults.failure()) {
			this.failedReads++;
			this.scheduler.sleep(this.faults.timeout());
			throw new IllegalStateException("simulated read timeout");
		}
		Optional<LeaseRecord> row = Optional.ofNullable(this.rows.get(name));
		this.scheduler.sleep(delay());
		return row;
	}

	@Override
	public WriteResult grant(String name, String owner, Duration duration, Instant now) {
		return write(name, () -> {
			LeaseRecord row = this.rows.get(name);
			if (row != null && !row.released()) {
				return WriteResult.refused(row);
			}
			long token = (row != null) ? row.token() + 1 : 1;
			long version = (row != null) ? row.version() + 1 : 1;
			return store(row, new LeaseRecord(name, owner, token, version, false, duration, now));
		});
	}

	@Override
	public WriteResult takeOver(LeaseRecord observed, String owner, Duration duration, Instant now) {
		return write(observed.name(), () -> {
			LeaseRecord row = this.rows.get(observed.name());
			if (row == null || row.version() != observed.version()) {
				return WriteResult.refused(row);
			}
			return store(row, new LeaseRecord(observed.name(), owner, observed.token() + 1, observed.version() + 1,
					false, duration, now));
		});
	}

	@Override
	public WriteResult renew(LeaseRecord held, Instant now) {
		return write(held.name(), () -> {
			LeaseRecord row = this.rows.get(held.name());
			if (row == null || !row.owner().equals(held.owner()) || row.token() != held.token()
					|| row.version() != held.version() || row.released()) {
				return WriteResult.refused(row);
			}
			return store(row, new LeaseRecord(row.name(), row.owner(), row.token(), row.version() + 1, false,
					row.duration(), now));
		});
	}

	@Override
	public WriteResult release(LeaseRecord held, Instant now) {
		return write(held.name(), () -> {
			LeaseRecord row = this.rows.get(held.name());
			if (row == null || !row.owner().equals(held.owner()) || row.token() != held.token() || row.released()) {
				return WriteResult.refused(row);
			}
			return store(row, new LeaseRecord(row.name(), row.owner(), row.token(), row.version() + 1, true,
					row.duration(), now));
		});
	}

	private WriteResult store(LeaseRecord previous, LeaseRecord next) {
		if (previous != null && next.token() < previous.token()) {
			this.violations.add("token decreased from " + previous.token() + " to " + next.token());
		}
		if (previous != null && next.version() != previous.version() + 1) {
			this.violations.add("version went from " + previous.version() + " to " + next.version());
		}
		this.rows.put(next.name(), next);
		this.history.add(this.scheduler.now() + ": " + next);
		return WriteResult.applied(next);
	}

	private WriteResult write(String name, Supplier<WriteResult> apply) {
		checkName(name);
		long timeout = this.faults.timeout();
		long toTable = delay();
		if (this.random.nextDouble() >= this.faults.failure()) {
			this.scheduler.sleep(toTable);
			WriteResult result = apply.get();
			this.scheduler.sleep(delay());
			return result;
		}
		this.ambiguousWrites++;
		switch (this.random.nextInt(3)) {
			case 0 -> this.scheduler.sleep(timeout);
			case 1 -> {
				this.scheduler.sleep(Math.min(toTable, timeout));
				apply.get();
				this.scheduler.sleep(Math.max(0, timeout - toTable));
			}
			default -> {
				this.scheduler.schedule(timeout + this.random.nextLong(1, 4 * timeout), apply::get);
				this.scheduler.sleep(timeout);
			}
		}
		throw new IllegalStateException("simulated write timeout");
	}

	private long delay() {
		long base = this.faults.meanDelay();
		long delay = 1 + (long) (-base * Math.log(1 - this.random.nextDouble()));
		return (this.random.nextInt(100) == 0) ? delay * 20 : delay;
	}

	/**
	 * The network and the table's faults.
	 *
	 * @param meanDelay mean one-way delay, nanoseconds
	 * @param failure probability that a request times out
	 * @param timeout the client's timeout, nanoseconds
	 */
	record Faults(long meanDelay, double failure, long timeout) {
	}

}
