package io.github.leakybucket.internal.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.internal.DecisionEngine;
import io.github.leakybucket.internal.EngineBucket;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

/**
 * One simulated schedule: hosts with their own skewed clocks, each deciding through its own engine on one shared,
 * fault-injecting table, and calls arriving at random instants. Everything random comes from one seed.
 */
final class Simulation {

	/** Epoch nanoseconds at which virtual time starts: 2027-01-15. */
	static final long EPOCH = 1_800_000_000_000_000_000L;

	private static final String BUCKET = "simulated";

	final long seed;

	final Setup setup;

	final VirtualTime time = new VirtualTime();

	final SimulatedStore store;

	final List<Host> hosts = new ArrayList<>();

	final List<CallRecord> calls = new ArrayList<>();

	private Simulation(long seed, Setup setup) {
		this.seed = seed;
		this.setup = setup;
		SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
		this.store = new SimulatedStore(this.time, random.split(), setup.faults());
		for (int i = 0; i < setup.skews().length; i++) {
			this.hosts.add(new Host("host-" + i, setup.skews()[i]));
		}
	}

	/**
	 * Returns a schedule drawn from a seed.
	 * @param seed the seed
	 * @return the simulation, not yet run
	 */
	static Simulation random(long seed) {
		return new Simulation(seed, Setup.random(new SplittableRandom(seed)));
	}

	/**
	 * Returns a simulation of a given setup.
	 * @param seed the seed of the table's faults and latencies
	 * @param setup the setup
	 * @return the simulation, not yet run
	 */
	static Simulation of(long seed, Setup setup) {
		return new Simulation(seed, setup);
	}

	/**
	 * Schedules the setup's calls, runs them all, and lets every timer fire.
	 * @return this simulation
	 */
	Simulation run() {
		for (Arrival arrival : this.setup.arrivals()) {
			Host host = this.hosts.get(arrival.host());
			this.time.schedule(arrival.at(), () -> host.call(arrival.amount()));
		}
		this.time.runUntil(Long.MAX_VALUE);
		return this;
	}

	long maxWaitNanos() {
		return this.setup.requestTimeout().multipliedBy(2).toNanos();
	}

	/**
	 * The random parts of one schedule.
	 *
	 * @param config the bucket
	 * @param localRejection whether handles reject locally
	 * @param requestTimeout the engines' request timeout
	 * @param skews each host's clock offset, nanoseconds
	 * @param faults the table's faults
	 * @param arrivals the calls
	 */
	record Setup(BucketConfig config, boolean localRejection, Duration requestTimeout, long[] skews,
			SimulatedStore.Faults faults,
			List<Arrival> arrivals) {

		static Setup random(SplittableRandom random) {
			long capacity = 1 + random.nextLong(random.nextBoolean() ? 5 : 30);
			Duration drain = Duration.ofMillis(1 + random.nextLong(random.nextBoolean() ? 50 : 2000));
			long reserve = random.nextInt(4) == 0 ? 1 + random.nextLong(capacity) : 0;
			FailureMode mode = random.nextBoolean() ? FailureMode.FAIL_OPEN : FailureMode.FAIL_CLOSED;
			BucketConfig config = new BucketConfig(capacity, drain, reserve, mode);
			Duration timeout = Duration.ofMillis(5 + random.nextLong(100));
			int hostCount = 1 + random.nextInt(4);
			long[] skews = new long[hostCount];
			long maxSkew = random.nextInt(3) == 0 ? 0 : random.nextLong(3 * drain.toNanos() + 1);
			for (int i = 0; i < hostCount; i++) {
				skews[i] = (maxSkew == 0) ? 0 : random.nextLong(-maxSkew, maxSkew + 1);
			}
			SimulatedStore.Faults faults = random.nextInt(3) == 0 ? SimulatedStore.Faults.NONE
					: SimulatedStore.Faults.random(random);
			int callCount = 5 + random.nextInt(40);
			long horizon = Math.max(1, random.nextLong(4 * drain.toNanos() + 1));
			List<Arrival> arrivals = new ArrayList<>();
			for (int i = 0; i < callCount; i++) {
				long burst = random.nextInt(4) == 0 ? 0 : random.nextLong(horizon);
				arrivals.add(new Arrival(burst, random.nextInt(hostCount), 1 + random.nextLong(Math.min(capacity, 3))));
			}
			return new Setup(config, random.nextInt(4) != 0, timeout, skews, faults, arrivals);
		}

		/**
		 * Returns how much backlog the hosts' clock differences can hide: the sum, over the gaps between the sorted
		 * clock offsets, of {@code min(gap, drainTime + requestTimeout)}. It never exceeds the spread of the clocks.
		 */
		long skewAllowance() {
			long[] sorted = this.skews.clone();
			java.util.Arrays.sort(sorted);
			long drain = this.config.drainTime().toNanos() + this.requestTimeout.toNanos();
			long allowance = 0;
			for (int i = 1; i < sorted.length; i++) {
				allowance += Math.min(sorted[i] - sorted[i - 1], drain);
			}
			return allowance;
		}

	}

	/**
	 * One call: when, on which host, for how many units.
	 *
	 * @param at virtual nanoseconds
	 * @param host index of the host
	 * @param amount units
	 */
	record Arrival(long at, int host, long amount) {
	}

	/**
	 * What one call asked and answered.
	 */
	static final class CallRecord {

		final String host;

		final long amount;

		final long start;

		long end = -1;

		BucketState state;

		Throwable error;

		CallRecord(String host, long amount, long start) {
			this.host = host;
			this.amount = amount;
			this.start = start;
		}

		boolean answered() {
			return this.end >= 0;
		}

		boolean admittedAndRecorded() {
			return this.state != null && this.state.admitted() && !this.state.storageFailed();
		}

	}

	/** A host: its clock, its engine, its handle on the bucket. */
	final class Host implements DecisionListener {

		final String name;

		final long skew;

		final EngineBucket bucket;

		long largestSkewReported;

		int failures;

		/** When the listener was told of a decision refused by the open circuit breaker. */
		final List<Long> circuitOpenAnswers = new ArrayList<>();

		Host(String name, long skew) {
			this.name = name;
			this.skew = skew;
			InstantSource clock = () -> {
				long nanos = EPOCH + Simulation.this.time.now() + this.skew;
				return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
			};
			DecisionEngine engine = DecisionEngine.builder()
				.clock(clock)
				.ticker(Simulation.this.time::now)
				.listener(this)
				.requestTimeout(Simulation.this.setup.requestTimeout())
				.localRejection(Simulation.this.setup.localRejection())
				.build(Simulation.this.store.client(name), Simulation.this.time::schedule);
			this.bucket = engine.create(BUCKET, null, Simulation.this.setup.config());
		}

		void call(long amount) {
			CallRecord record = new CallRecord(this.name, amount, Simulation.this.time.now());
			Simulation.this.calls.add(record);
			this.bucket.tryAddAsync(amount).whenComplete((state, error) -> {
				record.end = Simulation.this.time.now();
				record.state = state;
				record.error = error;
			});
		}

		@Override
		public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
		}

		@Override
		public void onError(Bucket bucket, RuntimeException error, BucketState state) {
			this.failures++;
			if (error instanceof CallNotPermittedException) {
				this.circuitOpenAnswers.add(Simulation.this.time.now());
			}
		}

		@Override
		public void onClockSkew(Bucket bucket, Duration ahead) {
			this.largestSkewReported = Math.max(this.largestSkewReported, ahead.toNanos());
		}

	}

}
