package io.github.leakybucket.internal.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.StorageTimeoutException;
import io.github.leakybucket.internal.DecisionEngine;
import io.github.leakybucket.internal.sim.Simulation.CallRecord;
import io.github.leakybucket.internal.sim.Simulation.Host;
import io.github.leakybucket.internal.sim.SimulatedStore.FaultEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The properties every schedule must keep, checked on its record.
 * <ul>
 * <li><strong>Liveness:</strong> every call is answered, within the engine's bound of twice the request timeout,
 * whatever the table does.</li>
 * <li><strong>Safety:</strong> over every interval {@code [a, b]}, the units admitted and recorded by calls made and
 * answered within it are at most {@code capacity + rate × (b - a) + rate × Σ min(gap, drainTime)}, summed over the
 * gaps between the hosts' sorted clock offsets: {@code rate × min(δ, drainTime)} for one host ahead by {@code δ},
 * and never more than {@code rate × δ} for clocks spread over {@code δ}.</li>
 * <li><strong>Failures are genuine:</strong> a failure-mode answer only follows a fault that the table injected into
 * a request of that host while the call waited, or, from an open circuit breaker, within the breaker's window and
 * cool-down of such a fault; contention alone never reaches the failure mode; the listener is told of each.</li>
 * </ul>
 */
final class SimulationChecks {

	private SimulationChecks() {
	}

	/**
	 * Checks a schedule that has run.
	 * @param simulation the schedule
	 * @return what it violated; empty if nothing
	 */
	static List<String> violations(Simulation simulation) {
		List<String> violations = new ArrayList<>();
		liveness(simulation, violations);
		safety(simulation, violations);
		genuineFailures(simulation, violations);
		return violations;
	}

	private static void liveness(Simulation simulation, List<String> violations) {
		for (CallRecord call : simulation.calls) {
			if (!call.answered()) {
				violations.add("call of " + call.amount + " on " + call.host + " at " + call.start + " never answered");
			}
			else if (call.end - call.start > simulation.maxWaitNanos()) {
				violations.add("call on " + call.host + " at " + call.start + " waited " + (call.end - call.start)
						+ " ns, more than " + simulation.maxWaitNanos());
			}
			else if (call.error != null) {
				violations.add("call on " + call.host + " at " + call.start + " threw " + call.error);
			}
		}
	}

	private static void safety(Simulation simulation, List<String> violations) {
		BucketConfig config = simulation.setup.config();
		long drain = config.drainTime().toNanos();
		long slack = simulation.setup.skewAllowance();
		List<CallRecord> admitted = simulation.calls.stream()
			.filter(CallRecord::admittedAndRecorded)
			.sorted(Comparator.comparingLong((CallRecord call) -> call.end))
			.toList();
		for (CallRecord first : admitted) {
			long units = 0;
			for (CallRecord call : admitted) {
				if (call.start < first.start) {
					continue;
				}
				units += call.amount;
				double bound = config.capacity() * ((double) drain + (call.end - first.start) + slack) / drain;
				if (units > bound + 1e-9) {
					violations.add("admitted " + units + " units between " + first.start + " and " + call.end
							+ ", more than " + bound);
					return;
				}
			}
		}
	}

	private static void genuineFailures(Simulation simulation, List<String> violations) {
		for (Host host : simulation.hosts) {
			int failed = 0;
			for (CallRecord call : simulation.calls) {
				if (!call.host.equals(host.name) || call.state == null || !call.state.storageFailed()) {
					continue;
				}
				failed++;
				if (!faultWhileWaiting(simulation.store.faultEvents(), call)
						&& !(host.circuitOpenAnswers.contains(call.end) && recentFault(simulation, call))) {
					violations.add("call on " + call.host + " at " + call.start + " answered by its failure mode at "
							+ call.end + " without a fault of the table");
				}
			}
			if (failed != host.failures) {
				violations.add(host.name + " answered " + failed + " calls by failure mode but told its listener "
						+ host.failures);
			}
		}
		for (CallRecord call : simulation.calls) {
			if (call.error instanceof StorageTimeoutException && !faultWhileWaiting(simulation.store.faultEvents(), call)) {
				violations.add("call on " + call.host + " at " + call.start + " timed out without a fault");
			}
		}
	}

	private static boolean recentFault(Simulation simulation, CallRecord call) {
		CircuitBreakerConfig breaker = DecisionEngine.defaultCircuitBreakerConfig();
		long coolDown = breaker.getWaitIntervalFunctionInOpenState().apply(1);
		long window = Duration.ofSeconds(breaker.getSlidingWindowSize()).toNanos()
				+ Duration.ofMillis(coolDown).toNanos() + 2 * simulation.maxWaitNanos();
		for (FaultEvent fault : simulation.store.faultEvents()) {
			if (fault.host().equals(call.host) && fault.from() <= call.end && fault.until() >= call.end - window) {
				return true;
			}
		}
		return false;
	}

	private static boolean faultWhileWaiting(List<FaultEvent> faults, CallRecord call) {
		for (FaultEvent fault : faults) {
			if (fault.host().equals(call.host) && fault.from() <= call.end && fault.until() >= call.start) {
				return true;
			}
		}
		return false;
	}

}
