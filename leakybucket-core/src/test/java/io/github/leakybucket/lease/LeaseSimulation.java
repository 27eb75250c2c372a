package io.github.leakybucket.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import io.github.leakybucket.kv.FencingToken;

/**
 * One simulated schedule of leases: hosts with their own wall-clock skew and monotonic clock, one or two job
 * threads each sharing the host's {@link Leases}, all running one job repeatedly on a fault-injecting table. A
 * job acquires the lease, reads a fenced counter, may pause (a GC pause, possibly past its lease), may renew,
 * checks that it still holds the lease, may pause again, and writes the counter back with its token. Everything
 * random comes from one seed.
 */
final class LeaseSimulation {

	/** Epoch nanoseconds at which virtual time starts: 2027-01-15. */
	private static final long EPOCH = 1_800_000_000_000_000_000L;

	private static final String NAME = "nightly-job";

	final long seed;

	final Setup setup;

	final CooperativeScheduler scheduler = new CooperativeScheduler();

	final SimulatedLeaseTable table;

	final FencedCounter counter = new FencedCounter();

	final List<Grant> grants = new ArrayList<>();

	long successfulRuns;

	long staleRefusals;

	long versionConflicts;

	long pauses;

	long pausesPastLease;

	long acquireErrors;

	long takeovers;

	private LeaseSimulation(long seed, Setup setup) {
		this.seed = seed;
		this.setup = setup;
		this.table = new SimulatedLeaseTable(this.scheduler, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L),
				setup.faults());
	}

	static LeaseSimulation random(long seed) {
		return new LeaseSimulation(seed, Setup.random(new SplittableRandom(seed)));
	}

	static LeaseSimulation of(long seed, Setup setup) {
		return new LeaseSimulation(seed, setup);
	}

	LeaseSimulation run() {
		SplittableRandom random = new SplittableRandom(this.seed ^ 0x2545F4914F6CDD1DL);
		for (int host = 0; host < this.setup.skews().length; host++) {
			long skew = this.setup.skews()[host];
			long monotonicOrigin = random.nextLong(-1L << 60, 1L << 60);
			SplittableRandom hostRandom = random.split();
			LeaseTiming timing = new HostTiming(monotonicOrigin, hostRandom);
			InstantSource wallClock = () -> Instant.ofEpochSecond(0, EPOCH + this.scheduler.now() + skew);
			Leases.Builder builder = Leases.builder(this.table)
				.ownerId("host-" + host)
				.clock(wallClock)
				.timing(timing)
				.safetyMargin(this.setup.margin())
				.backOff(Duration.ofMillis(10), Duration.ofMillis(500))
				.listener((name, operation, outcome, elapsed) -> {
					if (outcome == LeaseListener.Outcome.TAKEN_OVER) {
						this.takeovers++;
					}
				});
			if (this.setup.skewBound() != null) {
				builder.clockSkewBound(this.setup.skewBound());
			}
			Leases leases = builder.build();
			int threads = 1 + hostRandom.nextInt(2);
			for (int thread = 0; thread < threads; thread++) {
				SplittableRandom jobRandom = hostRandom.split();
				String process = "host-" + host + "-" + thread;
				this.scheduler.spawn(process, jobRandom.nextLong(this.setup.duration().toNanos()),
						() -> runJobs(process, leases, timing, jobRandom));
			}
		}
		this.scheduler.run(this.setup.horizon().toNanos());
		return this;
	}

	private void runJobs(String process, Leases leases, LeaseTiming timing, SplittableRandom random) {
		long duration = this.setup.duration().toNanos();
		while (this.scheduler.now() < this.setup.horizon().toNanos()) {
			Optional<Lease> acquired;
			try {
				acquired = leases.acquire(NAME, this.setup.duration(), Duration.ofNanos(3 * duration));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			catch (RuntimeException ex) {
				this.acquireErrors++;
				this.scheduler.sleep(random.nextLong(1, duration / 4));
				continue;
			}
			if (acquired.isPresent()) {
				runOnce(process, acquired.get(), timing, random);
			}
			this.scheduler.sleep(random.nextLong(1, duration));
		}
	}

	private void runOnce(String process, Lease lease, LeaseTiming timing, SplittableRandom random) {
		Grant grant = new Grant(process, lease.token(), this.scheduler.now(), deadline(lease, timing));
		this.grants.add(grant);
		try {
			FencedCounter.Value read = this.counter.read(this.scheduler, random);
			maybePause(lease, random);
			if (random.nextInt(3) == 0) {
				try {
					lease.renew();
					grant.deadline = deadline(lease, timing);
				}
				catch (LeaseLostException ex) {
					grant.deadline = deadline(lease, timing);
					grant.end(this.scheduler.now());
				}
				catch (RuntimeException ex) {
					// unresolved: the deadline stays as it was
				}
			}
			if (!lease.isHeld()) {
				return;
			}
			maybePause(lease, random);
			this.counter.write(this.scheduler, random, read, lease.token(), this);
		}
		finally {
			grant.end(this.scheduler.now());
			try {
				lease.release();
			}
			catch (RuntimeException ex) {
				// unresolved: the row stays held until taken over
			}
		}
	}

	private void maybePause(Lease lease, SplittableRandom random) {
		if (random.nextInt(this.setup.pauseOneIn()) != 0) {
			return;
		}
		this.pauses++;
		long pause = random.nextLong(1, 3 * this.setup.duration().toNanos());
		if (pause > lease.remaining().toNanos()) {
			this.pausesPastLease++;
		}
		this.scheduler.sleep(pause);
	}

	/** Returns the lease's deadline in simulated time, exactly, even if it has passed. */
	private long deadline(Lease lease, LeaseTiming timing) {
		return ((HeldLease) lease).deadlineNanos() - (timing.nanoTime() - this.scheduler.now());
	}

	/** Returns the grants in the order they were made. */
	List<Grant> grantsByStart() {
		List<Grant> sorted = new ArrayList<>(this.grants);
		sorted.sort(Comparator.comparingLong((Grant grant) -> grant.start));
		return sorted;
	}

	/**
	 * A lease as its holder saw it: from when acquire returned until its deadline or its release, whichever came
	 * first, in simulated time.
	 */
	static final class Grant {

		final String process;

		final FencingToken token;

		final long start;

		long deadline;

		long end = Long.MAX_VALUE;

		Grant(String process, FencingToken token, long start, long deadline) {
			this.process = process;
			this.token = token;
			this.start = start;
			this.deadline = deadline;
		}

		void end(long at) {
			this.end = Math.min(this.end, at);
		}

		long heldUntil() {
			return Math.min(this.end, this.deadline);
		}

		@Override
		public String toString() {
			return this.process + " token " + this.token.value() + " held " + this.start + ".." + heldUntil();
		}

	}

	/**
	 * A counter behind a fenced compare-and-swap, as {@code atomicPutFenced} is: refused if the writer's token is
	 * older than the newest recorded, or the value changed since it was read. Records every write it accepts.
	 */
	static final class FencedCounter {

		long value;

		long version;

		long fence;

		final List<Long> acceptedTokens = new ArrayList<>();

		record Value(long value, long version) {
		}

		Value read(CooperativeScheduler scheduler, SplittableRandom random) {
			scheduler.sleep(random.nextLong(1, 2_000_000));
			Value read = new Value(this.value, this.version);
			scheduler.sleep(random.nextLong(1, 2_000_000));
			return read;
		}

		void write(CooperativeScheduler scheduler, SplittableRandom random, Value read, FencingToken token,
				LeaseSimulation simulation) {
			scheduler.sleep(random.nextLong(1, 2_000_000));
			if (token.value() < this.fence) {
				simulation.staleRefusals++;
			}
			else if (this.version != read.version()) {
				simulation.versionConflicts++;
			}
			else {
				this.fence = token.value();
				this.value = read.value() + 1;
				this.version++;
				this.acceptedTokens.add(token.value());
				simulation.successfulRuns++;
			}
			scheduler.sleep(random.nextLong(1, 2_000_000));
		}

	}

	/**
	 * A host's monotonic clock (simulated time from an origin of its own), sleeping and jitter.
	 */
	private final class HostTiming implements LeaseTiming {

		private final long origin;

		private final SplittableRandom random;

		HostTiming(long origin, SplittableRandom random) {
			this.origin = origin;
			this.random = random;
		}

		@Override
		public long nanoTime() {
			return this.origin + LeaseSimulation.this.scheduler.now();
		}

		@Override
		public void sleep(long nanos) {
			LeaseSimulation.this.scheduler.sleep(nanos);
		}

		@Override
		public long random(long bound) {
			return this.random.nextLong(bound);
		}

	}

	/**
	 * The random parts of one schedule.
	 *
	 * @param duration the lease duration
	 * @param margin the safety margin
	 * @param skews each host's wall-clock offset, nanoseconds
	 * @param skewBound the skew bound the leases trust, or {@code null} to trust no clock
	 * @param faults the table's faults
	 * @param pauseOneIn one in how many chances a job pauses
	 * @param horizon how long the schedule runs
	 */
	record Setup(Duration duration, Duration margin, long[] skews, Duration skewBound,
			SimulatedLeaseTable.Faults faults, int pauseOneIn, Duration horizon) {

		static Setup random(SplittableRandom random) {
			Duration duration = Duration.ofMillis(100 + random.nextLong(2000));
			Duration margin = random.nextBoolean() ? Duration.ZERO : duration.dividedBy(10);
			int hosts = 2 + random.nextInt(3);
			long[] skews = new long[hosts];
			Duration bound = null;
			if (random.nextBoolean()) {
				bound = Duration.ofMillis(random.nextLong(500));
				long half = bound.toNanos() / 2;
				for (int i = 0; i < hosts; i++) {
					skews[i] = (half == 0) ? 0 : random.nextLong(-half, half + 1);
				}
			}
			else {
				long hour = Duration.ofHours(1).toNanos();
				for (int i = 0; i < hosts; i++) {
					skews[i] = random.nextLong(-hour, hour + 1);
				}
			}
			long meanDelay = Duration.ofMillis(1 + random.nextLong(20)).toNanos();
			double failure = random.nextInt(4) == 0 ? 0 : random.nextDouble(0.3);
			long timeout = meanDelay * (2 + random.nextLong(20));
			SimulatedLeaseTable.Faults faults = new SimulatedLeaseTable.Faults(meanDelay, failure, timeout);
			return new Setup(duration, margin, skews, bound, faults, 2 + random.nextInt(6),
					duration.multipliedBy(10 + random.nextLong(20)));
		}

	}

}
