package io.github.leakybucket.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.github.leakybucket.BucketState;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Keeps a fixed number of asynchronous decisions in flight, issued by a few threads: each issuer takes a free slot,
 * starts a decision and goes on at once; the decision's completion, on whatever thread completes it, records its
 * latency and frees the slot. A warm-up, then a measured window; a decision counts in the window it completes in.
 */
final class AsyncLoadRunner {

	private static final long HIGHEST_LATENCY = TimeUnit.SECONDS.toNanos(60);

	private final Supplier<RequestCounts> requestCounts;

	private final Supplier<DecisionSources.Snapshot> sources;

	AsyncLoadRunner(Supplier<RequestCounts> requestCounts, Supplier<DecisionSources.Snapshot> sources) {
		this.requestCounts = requestCounts;
		this.sources = sources;
	}

	/**
	 * Runs a workload with {@code inFlight} decisions outstanding at all times.
	 * @param issuers threads that start decisions; none waits for one
	 * @return the run, whose {@code threads} are the issuers
	 */
	Run run(String scenario, IntFunction<CompletableFuture<BucketState>> workload, int inFlight, int issuers,
			int keys, Duration warmup, Duration measure) {
		Window window = new Window(inFlight);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < issuers; i++) {
			Thread thread = new Thread(() -> issue(workload, keys, window), scenario + "-issuer-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		LoadRunner.sleep(warmup);
		RequestCounts requestsBefore = this.requestCounts.get();
		DecisionSources.Snapshot sourcesBefore = this.sources.get();
		window.latency.reset();
		window.measuring = true;
		long start = System.nanoTime();
		LoadRunner.sleep(measure);
		window.measuring = false;
		long elapsed = System.nanoTime() - start;
		RequestCounts requests = this.requestCounts.get().minus(requestsBefore);
		DecisionSources.Snapshot sources = this.sources.get().minus(sourcesBefore);
		window.stopped = true;
		LoadRunner.joinAll(threads);
		// Let the decisions still out finish, so that the next run starts on a quiet client.
		try {
			window.slots.tryAcquire(inFlight, 30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Histogram latency = window.latency.getIntervalHistogram();
		Run run = new Run(scenario, issuers, keys, elapsed, window.decisions.sum(), window.admitted.sum(),
				window.errors.sum(), latency, requests, sources);
		System.out.printf("  %-34s in flight=%-4d issuers=%d keys=%-4d %9.0f/s p50=%6.3f ms p99=%6.3f ms "
				+ "req/dec=%.3f failure-mode answers=%d%n", scenario, inFlight, issuers, keys, run.perSecond(),
				run.p50Millis(), run.p99Millis(), run.requestsPerDecision(), sources.errors());
		return run;
	}

	private static void issue(IntFunction<CompletableFuture<BucketState>> workload, int keys, Window window) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (!window.stopped) {
			if (!window.slots.tryAcquire()) {
				acquire(window);
				continue;
			}
			int key = (keys == 1) ? 0 : random.nextInt(keys);
			long started = System.nanoTime();
			CompletableFuture<BucketState> decision;
			try {
				decision = workload.apply(key);
			}
			catch (RuntimeException ex) {
				decision = CompletableFuture.failedFuture(ex);
			}
			decision.whenComplete((state, error) -> {
				window.completed(state, error, System.nanoTime() - started);
				window.slots.release();
			});
		}
	}

	/** Waits briefly for a slot and hands it straight back, so that the loop sees a stop in time. */
	private static void acquire(Window window) {
		try {
			if (window.slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
				window.slots.release();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			window.stopped = true;
		}
	}

	private static final class Window {

		final Semaphore slots;

		final Recorder latency = new Recorder(HIGHEST_LATENCY, 3);

		final LongAdder decisions = new LongAdder();

		final LongAdder admitted = new LongAdder();

		final LongAdder errors = new LongAdder();

		volatile boolean measuring;

		volatile boolean stopped;

		Window(int inFlight) {
			this.slots = new Semaphore(inFlight);
		}

		void completed(BucketState state, Throwable error, long nanos) {
			if (!this.measuring) {
				return;
			}
			this.latency.recordValue(Math.min(nanos, HIGHEST_LATENCY));
			this.decisions.increment();
			if (error != null) {
				this.errors.increment();
				return;
			}
			if (state.admitted()) {
				this.admitted.increment();
			}
		}

	}

}
