package io.github.leakybucket.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;

/**
 * Issue 17, skewed keys: {@value #KEYS} per-user buckets whose popularity follows Zipf's law (exponent {@value #S}),
 * with an injected round trip; ours through a {@link BucketRegistry} whose handle cache is smaller than the key
 * space (and, for comparison, as large), Bucket4j through its proxy manager. Every scenario starts on fresh items.
 */
final class ZipfSection implements Section {

	static final int KEYS = 100_000;

	static final double S = 1.1;

	static final int THREADS = 8;

	static final int[] CACHES = { 1_000, 10_000, 100_000 };

	/** A per-user limit of 60 per minute, so that the most popular users are limited and the rest are not. */
	static final BucketConfig CONFIG = BucketConfig.of(60, Duration.ofMinutes(1));

	static final Duration ROUND_TRIP = Duration.ofMillis(1);

	private final List<Row> rows = new ArrayList<>();

	private final double topShare;

	private ZipfSection(double topShare) {
		this.topShare = topShare;
	}

	static ZipfSection run(Settings settings, CountingDynamoDbLocal local, BucketStorage storage,
			DecisionSources sources, LoadRunner runner, ProxyManager<String> bucket4j) {
		Zipf zipf = new Zipf(KEYS, S);
		ZipfSection section = new ZipfSection(zipf.share(100));
		String[] names = Workloads.keys(KEYS);
		BucketStorage counting = (name, key, config) -> {
			sources.handleCreated();
			return storage.create(name, key, config);
		};
		local.roundTrip(ROUND_TRIP);
		try {
			for (int cache : CACHES) {
				String name = "zipf-" + cache;
				BucketRegistry registry = new BucketRegistry(counting, Map.of(name, CONFIG), cache);
				Workload ours = (ignored) -> {
					Bucket bucket = registry.bucket(name, names[zipf.next()]);
					return bucket.tryAdd(1).admitted();
				};
				System.out.println("Zipf keys, " + Benchmarks.OURS + ", handle cache " + cache);
				section.rows.add(new Row(Benchmarks.OURS, cache, runner.run(Benchmarks.OURS, ours, THREADS, 1,
						settings.warmup(), settings.measure())));
			}
			BucketConfiguration config = Workloads.bucket4jConfiguration(CONFIG.capacity(), CONFIG.drainTime());
			Workload proxies = Workloads.tryConsume(bucket4j, "zipf-", KEYS, () -> config);
			Workload theirs = (ignored) -> proxies.call(zipf.next());
			System.out.println("Zipf keys, " + Benchmarks.BUCKET4J);
			section.rows.add(new Row(Benchmarks.BUCKET4J, 0,
					runner.run(Benchmarks.BUCKET4J, theirs, THREADS, 1, settings.warmup(), settings.measure())));
		}
		finally {
			local.roundTrip(Duration.ZERO);
		}
		return section;
	}

	List<Row> rows() {
		return this.rows;
	}

	@Override
	public List<Target> targets() {
		return List.of();
	}

	@Override
	public void write(StringBuilder out) {
		out.append("## Skewed keys (issue 17)\n\n");
		out.append(Report.fixed(KEYS, 0) + " per-user buckets of " + CONFIG.capacity() + " per "
				+ CONFIG.drainTime().toMinutes() + " min (Bucket4j: capacity " + CONFIG.capacity() + ", greedy refill "
				+ CONFIG.capacity() + " per minute); each call picks a user by Zipf's law with exponent " + S
				+ " (the 100 most popular users get " + Report.fixed(100 * this.topShare, 1) + " % of the calls), "
				+ THREADS + " threads, closed loop, " + ROUND_TRIP.toMillis() + " ms injected round trip, fresh items "
				+ "for every scenario (the warm-up writes the popular ones). Ours: `BucketRegistry.bucket(name, "
				+ "user)` per call, with a handle cache of the size shown; a miss creates a handle, which makes no "
				+ "request, but a new handle knows no level, so its first decision asks DynamoDB even on a full "
				+ "bucket. *Cache hit rate* = 1 − handles created ÷ calls, in the window. Bucket4j keeps no handles "
				+ "(its proxies hold no state) and asks on every call.\n\n");
		out.append("| Scenario | Handle cache | Decisions/s | Admitted | p50 ms | p99 ms | Requests/decision | "
				+ "Local answers | Cache hit rate | Requests by operation per decision | Failure-mode answers |\n");
		out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|\n");
		for (Row row : this.rows) {
			Run run = row.run();
			boolean ours = Metrics.isOurs(run);
			out.append("| " + run.scenario() + " | " + (ours ? Report.fixed(row.cache(), 0) : "–") + " | "
					+ Report.fixed(run.perSecond(), 0) + " | "
					+ Report.fixed(100.0 * run.admitted() / run.decisions(), 1) + " % | "
					+ Report.fixed(run.p50Millis(), 2) + " | " + Report.fixed(run.p99Millis(), 2) + " | "
					+ Report.fixed(run.requestsPerDecision(), 3) + " | "
					+ (ours ? Report.fixed(100.0 * run.sources().local() / run.decisions(), 1) + " %" : "–") + " | "
					+ (ours ? Report.fixed(100.0 * hitRate(run), 1) + " %" : "–") + " | "
					+ Metrics.operationsPerDecision(run) + " | "
					+ (ours ? Long.toString(run.sources().errors()) : "–")
					+ ((run.errors() > 0) ? " (" + run.errors() + " calls threw)" : "") + " |\n");
		}
		out.append('\n');
	}

	static double hitRate(Run run) {
		return 1 - Run.ratio(run.sources().handlesCreated(), run.decisions());
	}

	/**
	 * One scenario.
	 *
	 * @param library the scenario
	 * @param cache our handle cache's size, 0 for Bucket4j
	 * @param run what it did
	 */
	record Row(String library, int cache, Run run) {
	}

	/**
	 * Draws key indexes by Zipf's law: index {@code i} with probability proportional to {@code 1 / (i + 1)^s}.
	 */
	static final class Zipf {

		private final double[] cumulative;

		Zipf(int keys, double s) {
			this.cumulative = new double[keys];
			double sum = 0;
			for (int i = 0; i < keys; i++) {
				sum += 1 / Math.pow(i + 1, s);
				this.cumulative[i] = sum;
			}
		}

		int next() {
			double draw = ThreadLocalRandom.current().nextDouble() * this.cumulative[this.cumulative.length - 1];
			int found = Arrays.binarySearch(this.cumulative, draw);
			return Math.min((found >= 0) ? found : -found - 1, this.cumulative.length - 1);
		}

		/** The share of draws that fall on the {@code top} most popular keys. */
		double share(int top) {
			return this.cumulative[top - 1] / this.cumulative[this.cumulative.length - 1];
		}

	}

}
