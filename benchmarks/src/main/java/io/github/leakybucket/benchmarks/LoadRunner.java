package io.github.leakybucket.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

/**
 * Drives a workload from several threads: a warm-up, then a measured window. Closed loop (each thread calls again as
 * soon as a call returns) unless paced, when each thread calls at a fixed rate.
 */
final class LoadRunner {

	private static final long HIGHEST_LATENCY = TimeUnit.SECONDS.toNanos(60);

	private static final int WARMUP = 0;

	private static final int MEASURE = 1;

	private static final int STOP = 2;

	private final Supplier<RequestCounts> requestCounts;

	private final Supplier<DecisionSources.Snapshot> sources;

	LoadRunner(Supplier<RequestCounts> requestCounts, Supplier<DecisionSources.Snapshot> sources) {
		this.requestCounts = requestCounts;
		this.sources = sources;
	}

	/**
	 * Runs closed loop.
	 */
	Run run(String scenario, Workload workload, int threads, int keys, Duration warmup, Duration measure) {
		return run(scenario, workload, threads, keys, warmup, measure, 0);
	}

	/**
	 * Runs a workload.
	 * @param callsPerSecond total offered rate over all threads, or 0 for a closed loop
	 */
	Run run(String scenario, Workload workload, int threads, int keys, Duration warmup, Duration measure,
			double callsPerSecond) {
		return measure(new String[] { scenario }, new Workload[] { workload }, threads, keys, warmup, measure,
				callsPerSecond)[0];
	}

	/**
	 * Runs two workloads in one window, each thread alternating between them call by call, so that both see the
	 * same machine at the same moments. Latencies and calls are kept apart; the DynamoDB request and decision source
	 * counts cannot be, so both runs carry the counts of both.
	 * @return the two runs, in the order given
	 */
	Run[] interleaved(String scenarioA, Workload a, String scenarioB, Workload b, int threads, int keys,
			Duration warmup, Duration measure) {
		return measure(new String[] { scenarioA, scenarioB }, new Workload[] { a, b }, threads, keys, warmup, measure,
				0);
	}

	private Run[] measure(String[] scenarios, Workload[] workloads, int threads, int keys, Duration warmup,
			Duration measure, double callsPerSecond) {
		Phase phase = new Phase();
		long period = (callsPerSecond > 0) ? (long) (threads * 1e9 / callsPerSecond) : 0;
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			callers.add(new Caller(workloads, i, keys, phase, period, (period * i) / threads));
		}
		String name = String.join(" + ", scenarios);
		RequestCounts requestsBefore;
		DecisionSources.Snapshot sourcesBefore;
		long start;
		List<Thread> started = new ArrayList<>();
		if (warmup.isZero()) {
			// A fresh bucket measured from its first call, so that admissions can be checked against capacity +
			// elapsed x rate.
			requestsBefore = this.requestCounts.get();
			sourcesBefore = this.sources.get();
			phase.value = MEASURE;
			start = System.nanoTime();
			startAll(callers, started, name);
		}
		else {
			startAll(callers, started, name);
			sleep(warmup);
			requestsBefore = this.requestCounts.get();
			sourcesBefore = this.sources.get();
			phase.value = MEASURE;
			start = System.nanoTime();
		}
		sleep(measure);
		phase.value = STOP;
		joinAll(started);
		long elapsed = System.nanoTime() - start;
		RequestCounts requests = this.requestCounts.get().minus(requestsBefore);
		DecisionSources.Snapshot sources = this.sources.get().minus(sourcesBefore);
		Run[] runs = new Run[workloads.length];
		for (int w = 0; w < workloads.length; w++) {
			Histogram latency = new Histogram(HIGHEST_LATENCY, 3);
			long decisions = 0;
			long admitted = 0;
			long errors = 0;
			for (Caller caller : callers) {
				latency.add(caller.latency[w]);
				decisions += caller.decisions[w];
				admitted += caller.admitted[w];
				errors += caller.errors[w];
			}
			runs[w] = new Run(scenarios[w], threads, keys, elapsed, decisions, admitted, errors, latency, requests,
					sources);
			System.out.printf("  %-34s threads=%-2d keys=%-4d %9.0f/s p50=%6.3f ms p99=%6.3f ms req/dec=%.3f%s%s%n",
					scenarios[w], threads, keys, runs[w].perSecond(), runs[w].p50Millis(), runs[w].p99Millis(),
					runs[w].requestsPerDecision(), (errors > 0) ? " errors=" + errors : "",
					(workloads.length > 1) ? " (interleaved)" : "");
		}
		return runs;
	}

	private static void startAll(List<Caller> callers, List<Thread> started, String scenario) {
		for (int i = 0; i < callers.size(); i++) {
			Thread thread = new Thread(callers.get(i), scenario + "-" + i);
			thread.setDaemon(true);
			thread.start();
			started.add(thread);
		}
	}

	static void joinAll(List<Thread> threads) {
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static final class Phase {

		volatile int value = WARMUP;

	}

	private static final class Caller implements Runnable {

		private final Workload[] workloads;

		private final int first;

		private final int keys;

		private final Phase phase;

		private final long period;

		private final long offset;

		final Histogram[] latency;

		final long[] decisions;

		final long[] admitted;

		final long[] errors;

		private RuntimeException firstError;

		Caller(Workload[] workloads, int first, int keys, Phase phase, long period, long offset) {
			this.workloads = workloads;
			this.first = first;
			this.keys = keys;
			this.phase = phase;
			this.period = period;
			this.offset = offset;
			this.latency = new Histogram[workloads.length];
			for (int i = 0; i < workloads.length; i++) {
				this.latency[i] = new Histogram(HIGHEST_LATENCY, 3);
			}
			this.decisions = new long[workloads.length];
			this.admitted = new long[workloads.length];
			this.errors = new long[workloads.length];
		}

		@Override
		public void run() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			long next = System.nanoTime() + this.offset;
			int turn = this.first;
			while (true) {
				int phase = this.phase.value;
				if (phase == STOP) {
					return;
				}
				if (this.period > 0) {
					long now = System.nanoTime();
					if (now < next) {
						LockSupport.parkNanos(next - now);
					}
					next = Math.max(next + this.period, now - this.period);
					phase = this.phase.value;
					if (phase == STOP) {
						return;
					}
				}
				int w = turn++ % this.workloads.length;
				int key = (this.keys == 1) ? 0 : random.nextInt(this.keys);
				long started = System.nanoTime();
				boolean admitted;
				try {
					admitted = this.workloads[w].call(key);
				}
				catch (RuntimeException ex) {
					admitted = false;
					if (phase == MEASURE) {
						this.errors[w]++;
						if (this.firstError == null) {
							this.firstError = ex;
							ex.printStackTrace();
						}
					}
				}
				long took = System.nanoTime() - started;
				if (phase == MEASURE) {
					this.latency[w].recordValue(Math.min(took, HIGHEST_LATENCY));
					this.decisions[w]++;
					if (admitted) {
						this.admitted[w]++;
					}
				}
			}
		}

	}

}
