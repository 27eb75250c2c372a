package io.github.leakybucket.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.leakybucket.lease.LeaseSimulation.Grant;
import io.github.leakybucket.lease.LeaseSimulation.Setup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main test of leases: hosts with skewed wall clocks and their own monotonic clocks run one job repeatedly on
 * a fault-injecting, linearizable lease table (writes that time out applied or not, or applied late; failed
 * read-backs), with jobs that pause past their lease, under interleavings that a seed controls. Each schedule is
 * checked for:
 * <ul>
 * <li>mutual exclusion as the holders see it: no two grants are held ({@link Lease#isHeld()}) at the same instant,
 * which holds with no clock assumption, and with the opt-in skew bound while skews stay within it;</li>
 * <li>tokens: every grant has a newer token than the grants before it, and the table's token never decreases;</li>
 * <li>fencing: the counter accepts writes in token order only, and ends equal to the number of successful runs.</li>
 * </ul>
 * Each run checks {@value #SCHEDULES} schedules from a fixed base seed, or more for {@code -Dsimulation.seconds=N}
 * (a soak, from a random base). {@code -Dsimulation.seed=S} replays one schedule; a failure prints the command.
 */
class LeaseSimulationTests {

	private static final int SCHEDULES = 150;

	private static final long BASE_SEED = 20261130L;

	@Test
	void randomSchedulesKeepLeasesExclusiveAndTokensInOrder() {
		String replay = System.getProperty("simulation.seed");
		if (replay != null) {
			LeaseSimulation simulation = LeaseSimulation.random(Long.parseLong(replay)).run();
			assertThat(violations(simulation)).as(describe(simulation)).isEmpty();
			return;
		}
		long seconds = Long.getLong("simulation.seconds", 0);
		long base = (seconds > 0) ? System.nanoTime() : BASE_SEED;
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		List<String> failures = new ArrayList<>();
		Totals totals = new Totals();
		long seed = base;
		do {
			for (int i = 0; i < SCHEDULES && failures.size() < 3; i++, seed++) {
				LeaseSimulation simulation = LeaseSimulation.random(seed).run();
				totals.add(simulation);
				List<String> violations = violations(simulation);
				if (!violations.isEmpty()) {
					failures.add("seed " + seed + ": " + violations.get(0) + "\n  replay: mvn -pl leakybucket-core "
							+ "verify -Dtest=LeaseSimulationTests -Dsimulation.seed=" + seed);
				}
			}
		}
		while (failures.isEmpty() && System.nanoTime() < deadline);
		System.out.println("lease simulation: " + totals);
		assertThat(failures).isEmpty();
		assertThat(totals.schedules).isGreaterThanOrEqualTo(SCHEDULES);
		assertThat(totals.successfulRuns).as("jobs ran").isPositive();
		assertThat(totals.takeovers).as("schedules exercised takeovers").isPositive();
		assertThat(totals.pausesPastLease).as("schedules paused holders past their lease").isPositive();
		assertThat(totals.staleRefusals).as("fencing refused stale holders").isPositive();
		assertThat(totals.ambiguousWrites).as("schedules exercised ambiguous writes").isPositive();
		assertThat(totals.skewBounded).as("schedules exercised the skew-bounded takeover").isPositive();
	}

	/**
	 * The checks have teeth: trusting a skew bound of 10 ms while one host's wall clock runs 5 s ahead lets it take
	 * over a lease its holder still holds, and the check finds it.
	 */
	@Test
	void skewBeyondTheTrustedBoundIsCaught() {
		Setup setup = new Setup(Duration.ofSeconds(1), Duration.ofMillis(100),
				new long[] { 0, Duration.ofSeconds(5).toNanos() }, Duration.ofMillis(10),
				new SimulatedLeaseTable.Faults(Duration.ofMillis(2).toNanos(), 0, Duration.ofMillis(50).toNanos()), 1000,
				Duration.ofSeconds(30));
		LeaseSimulation simulation = LeaseSimulation.of(1, setup).run();
		assertThat(violations(simulation)).anySatisfy((violation) -> assertThat(violation).contains("overlaps"));
	}

	@Test
	void seedFixesTheSchedule() {
		LeaseSimulation first = LeaseSimulation.random(BASE_SEED).run();
		LeaseSimulation second = LeaseSimulation.random(BASE_SEED).run();
		assertThat(first.grants).isNotEmpty();
		assertThat(second.grantsByStart()).hasToString(first.grantsByStart().toString());
		assertThat(second.counter.acceptedTokens).isEqualTo(first.counter.acceptedTokens);
	}

	static List<String> violations(LeaseSimulation simulation) {
		List<String> violations = new ArrayList<>(simulation.table.violations);
		Throwable failure = simulation.scheduler.failure();
		if (failure != null) {
			violations.add("a process failed: " + failure);
		}
		Grant latest = null;
		Grant previous = null;
		for (Grant grant : simulation.grantsByStart()) {
			if (latest != null && grant.start < latest.heldUntil()) {
				violations.add(grant + " overlaps " + latest);
			}
			if (previous != null && grant.token.value() <= previous.token.value()) {
				violations.add(grant + " has a token not newer than " + previous);
			}
			if (latest == null || grant.heldUntil() > latest.heldUntil()) {
				latest = grant;
			}
			previous = grant;
		}
		List<Long> accepted = simulation.counter.acceptedTokens;
		for (int i = 1; i < accepted.size(); i++) {
			if (accepted.get(i) < accepted.get(i - 1)) {
				violations.add("counter accepted token " + accepted.get(i) + " after " + accepted.get(i - 1));
			}
		}
		if (simulation.counter.value != simulation.successfulRuns) {
			violations.add("counter is " + simulation.counter.value + " after " + simulation.successfulRuns
					+ " successful runs");
		}
		return violations;
	}

	private static String describe(LeaseSimulation simulation) {
		return "seed " + simulation.seed + ": " + simulation.setup + ", skews " + java.util.Arrays.toString(simulation.setup.skews()) + ", grants "
				+ simulation.grantsByStart() + ", writes " + simulation.table.history;
	}

	private static final class Totals {

		long schedules;

		long grants;

		long takeovers;

		long successfulRuns;

		long staleRefusals;

		long versionConflicts;

		long pausesPastLease;

		long ambiguousWrites;

		long skewBounded;

		void add(LeaseSimulation simulation) {
			this.schedules++;
			this.grants += simulation.grants.size();
			this.takeovers += simulation.takeovers;
			this.successfulRuns += simulation.successfulRuns;
			this.staleRefusals += simulation.staleRefusals;
			this.versionConflicts += simulation.versionConflicts;
			this.pausesPastLease += simulation.pausesPastLease;
			this.ambiguousWrites += simulation.table.ambiguousWrites;
			this.skewBounded += (simulation.setup.skewBound() != null) ? 1 : 0;
		}

		@Override
		public String toString() {
			return this.schedules + " schedules, " + this.grants + " grants (" + this.takeovers + " takeovers), "
					+ this.successfulRuns + " successful runs, " + this.staleRefusals + " stale writes refused, "
					+ this.versionConflicts + " version conflicts, " + this.pausesPastLease
					+ " pauses past the lease, " + this.ambiguousWrites + " ambiguous writes, " + this.skewBounded
					+ " schedules with a skew bound";
		}

	}

}
