package io.github.leakybucket.internal.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.internal.sim.Simulation.Arrival;
import io.github.leakybucket.internal.sim.Simulation.CallRecord;
import io.github.leakybucket.internal.sim.Simulation.Setup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main test of the decision engine: many hosts with skewed clocks deciding on one fault-injecting, linearizable
 * table, under interleavings that a seed controls, checked against {@link SimulationChecks}.
 * <p>
 * Each run checks {@value #SCHEDULES} schedules from a fixed base seed, or more for {@code -Dsimulation.seconds=N}
 * (a soak, from a random base). {@code -Dsimulation.seed=S} replays one schedule; a failure prints the command.
 */
class EngineSimulationTests {

	private static final int SCHEDULES = 100_000;

	private static final long BASE_SEED = 20261130L;

	private static final Logger engineLogger = (Logger) LoggerFactory.getLogger("io.github.leakybucket");

	private static Level engineLevel;

	@BeforeAll
	static void quietFailureWarnings() {
		engineLevel = engineLogger.getLevel();
		engineLogger.setLevel(Level.ERROR);
	}

	@AfterAll
	static void restoreLogging() {
		engineLogger.setLevel(engineLevel);
	}

	@Test
	void randomSchedulesKeepLivenessSafetyAndGenuineFailures() {
		String replay = System.getProperty("simulation.seed");
		if (replay != null) {
			Simulation simulation = Simulation.random(Long.parseLong(replay)).run();
			assertThat(SimulationChecks.violations(simulation)).as(describe(simulation)).isEmpty();
			return;
		}
		long seconds = Long.getLong("simulation.seconds", 0);
		long base = (seconds > 0) ? System.nanoTime() : BASE_SEED;
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		Totals totals = new Totals();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		long batch = 0;
		do {
			long from = base + batch * SCHEDULES;
			LongStream.range(from, from + SCHEDULES).parallel().forEach((seed) -> {
				if (failures.size() >= 5) {
					return;
				}
				Simulation simulation = Simulation.random(seed).run();
				List<String> violations = SimulationChecks.violations(simulation);
				totals.add(simulation);
				if (!violations.isEmpty()) {
					failures.add("seed " + seed + ": " + violations.get(0) + "\n  replay: mvn -pl leakybucket-core "
							+ "verify -Dtest=EngineSimulationTests -Dsimulation.seed=" + seed);
				}
			});
			batch++;
		}
		while (failures.isEmpty() && System.nanoTime() < deadline);
		System.out.println("simulation: " + totals);
		assertThat(failures).isEmpty();
		assertThat(totals.schedules.get()).isGreaterThanOrEqualTo(SCHEDULES);
		assertThat(totals.failureAnswers.get()).as("schedules exercised the failure modes").isPositive();
		assertThat(totals.contentionRetries()).as("schedules exercised contention").isPositive();
	}

	/**
	 * The goal of the skew property: one host 5 s ahead and one correct host, both asking twice the rate of a bucket
	 * of 10 units per second (calls at random, 20 per second each), for 20 s. Without adopting the later clock the
	 * correct host got nothing.
	 */
	@Test
	void fastClockDoesNotStarveACorrectHost() {
		BucketConfig config = BucketConfig.of(10, Duration.ofSeconds(1));
		List<Arrival> arrivals = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(5);
		long mean = Duration.ofMillis(50).toNanos();
		long end = Duration.ofSeconds(20).toNanos();
		for (int host = 0; host < 2; host++) {
			for (long at = 0; at < end; at += (long) (-mean * Math.log(1 - random.nextDouble()))) {
				arrivals.add(new Arrival(at, host, 1));
			}
		}
		long ahead = Duration.ofSeconds(5).toNanos();
		Setup setup = new Setup(config, true, Duration.ofSeconds(1), new long[] { ahead, 0 },
				SimulatedStore.Faults.NONE, arrivals);
		Simulation simulation = Simulation.of(7, setup).run();
		long fast = admitted(simulation, "host-0");
		long correct = admitted(simulation, "host-1");
		double share = (double) correct / (fast + correct);
		System.out.printf("simulation, one host 5 s ahead: fast host admitted %d, correct host %d (%.0f%%), skew "
				+ "reported %d ms%n", fast, correct, 100 * share,
				Duration.ofNanos(simulation.hosts.get(1).largestSkewReported).toMillis());
		assertThat(SimulationChecks.violations(simulation)).isEmpty();
		assertThat(share).isGreaterThanOrEqualTo(0.25);
		assertThat(simulation.hosts.get(1).largestSkewReported).isBetween(ahead - Duration.ofMillis(100).toNanos(),
				ahead);
		assertThat(simulation.hosts.get(0).largestSkewReported).isZero();
	}

	@Test
	void malformedItemIsThrownToEveryCallAndNeverOverwritten() {
		List<Arrival> arrivals = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			arrivals.add(new Arrival(i * 1_000_000L, i % 2, 1));
		}
		Setup setup = new Setup(new BucketConfig(10, Duration.ofSeconds(1), 0, FailureMode.FAIL_OPEN), true,
				Duration.ofSeconds(1), new long[] { 0, 0 }, SimulatedStore.Faults.NONE, arrivals);
		Simulation simulation = Simulation.of(11, setup);
		simulation.store.putMalformed("simulated");
		simulation.run();
		assertThat(simulation.calls).hasSize(20)
			.allSatisfy((call) -> assertThat(call.error).isInstanceOf(MalformedBucketItemException.class)
				.hasMessageContaining("'simulated'"));
		assertThat(simulation.store.applied()).isZero();
		assertThat(simulation.hosts).allSatisfy((host) -> assertThat(host.failures).isZero());
	}

	@Test
	void hangingClientIsAnsweredWithinTheBound() {
		double[] rates = new double[SimulatedStore.Fault.values().length - 1];
		rates[SimulatedStore.Fault.HANG.ordinal() - 1] = 1;
		List<Arrival> arrivals = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			arrivals.add(new Arrival(i * 10_000_000L, i % 3, 1));
		}
		Setup setup = new Setup(BucketConfig.of(100, Duration.ofSeconds(1)), true, Duration.ofMillis(200),
				new long[] { 0, 0, 0 }, new SimulatedStore.Faults(rates, 1_000_000, 1_000_000, 0), arrivals);
		Simulation simulation = Simulation.of(13, setup).run();
		assertThat(SimulationChecks.violations(simulation)).isEmpty();
		assertThat(simulation.calls).allSatisfy((call) -> {
			assertThat(call.end - call.start).isLessThanOrEqualTo(simulation.maxWaitNanos());
			assertThat(call.state.admitted()).isTrue();
			assertThat(call.state.storageFailed()).isTrue();
		});
	}

	private static long admitted(Simulation simulation, String host) {
		return simulation.calls.stream()
			.filter((call) -> call.host.equals(host) && call.admittedAndRecorded())
			.mapToLong((call) -> call.amount)
			.sum();
	}

	private static String describe(Simulation simulation) {
		StringBuilder description = new StringBuilder("seed " + simulation.seed + ": " + simulation.setup.config()
				+ ", local rejection " + simulation.setup.localRejection() + ", request timeout "
				+ simulation.setup.requestTimeout() + ", skews " + java.util.Arrays.toString(simulation.setup.skews())
				+ "\n");
		for (CallRecord call : simulation.calls) {
			description.append("  ")
				.append(call.host)
				.append(" +")
				.append(call.amount)
				.append(" [")
				.append(call.start)
				.append(", ")
				.append(call.end)
				.append("] ")
				.append((call.state != null) ? call.state : call.error)
				.append('\n');
		}
		return description.toString();
	}

	private static final class Totals {

		final AtomicLong schedules = new AtomicLong();

		final AtomicLong calls = new AtomicLong();

		final AtomicLong admitted = new AtomicLong();

		final AtomicLong failureAnswers = new AtomicLong();

		final AtomicLong faults = new AtomicLong();

		final AtomicLong requests = new AtomicLong();

		final AtomicLong applied = new AtomicLong();

		final AtomicLong refused = new AtomicLong();

		void add(Simulation simulation) {
			this.schedules.incrementAndGet();
			this.calls.addAndGet(simulation.calls.size());
			this.admitted.addAndGet(simulation.calls.stream().filter(CallRecord::admittedAndRecorded).count());
			this.failureAnswers.addAndGet(
					simulation.calls.stream().filter((call) -> call.state != null && call.state.storageFailed()).count());
			this.faults.addAndGet(simulation.store.faultEvents().size());
			this.requests.addAndGet(simulation.store.requests());
			this.applied.addAndGet(simulation.store.applied());
			this.refused.addAndGet(
					simulation.store.requests() - simulation.store.applied() - simulation.store.faultEvents().size());
		}

		long contentionRetries() {
			return this.refused.get();
		}

		@Override
		public String toString() {
			return this.schedules + " schedules, " + this.calls + " calls, " + this.admitted + " admitted and recorded, "
					+ this.requests + " requests (" + this.applied + " applied, " + this.refused
					+ " refused by a condition), " + this.faults + " injected faults, " + this.failureAnswers
					+ " failure-mode answers";
		}

	}

}
