package io.github.leakybucket.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;

import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 17, injected round trip: the server holds every request for 1 ms or 5 ms before DynamoDB Local sees it, the
 * same for every client, and each library runs closed loop at {@value #THREADS} threads on one hot bucket and on
 * 1,000. Over a real network a decision costs its round trips, which this makes visible: one for ours, two for
 * Bucket4j's read and compare-and-swap.
 */
final class RoundTripSection implements Section {

	static final Duration[] ROUND_TRIPS = { Duration.ofMillis(1), Duration.ofMillis(5) };

	static final int THREADS = 8;

	static final int[] KEYS = { 1, 1000 };

	static final double P50_TARGET = 0.55;

	private final List<Row> rows = new ArrayList<>();

	private final List<Row> interleaved = new ArrayList<>();

	static RoundTripSection run(Settings settings, CountingDynamoDbLocal local, LoadRunner runner,
			DynamoDbClient client, String bucketTable, BucketStorage storage, ProxyManager<String> bucket4j) {
		RoundTripSection section = new RoundTripSection();
		BucketConfig open = BucketConfig.of(Benchmarks.OPEN_CAPACITY, Benchmarks.DRAIN_TIME);
		BucketConfiguration bucket4jOpen = Workloads.bucket4jConfiguration(Benchmarks.OPEN_CAPACITY,
				Benchmarks.DRAIN_TIME);
		BucketRegistry registry = new BucketRegistry(storage, Map.of("rt-hot", open, "rt-keyed", open), 10_000);
		for (int keys : KEYS) {
			Workload[] workloads = { Workloads.rawUpdateItem(client, bucketTable, "rt-raw-", keys),
					Workloads.tryAdd(registry, "rt-hot", "rt-keyed", keys),
					Workloads.tryConsume(bucket4j, "rt-open-", keys, () -> bucket4jOpen) };
			// Every item exists before the round trip is injected, so that the windows measure the steady state.
			for (Workload workload : workloads) {
				for (int key = 0; key < keys; key++) {
					workload.call(key);
				}
			}
			for (Duration roundTrip : ROUND_TRIPS) {
				System.out.println("Injected round trip " + roundTrip.toMillis() + " ms, " + keys + " bucket(s), "
						+ THREADS + " threads");
				local.roundTrip(roundTrip);
				String[] names = { Benchmarks.RAW, Benchmarks.OURS, Benchmarks.BUCKET4J };
				for (int i = 0; i < workloads.length; i++) {
					local.injectedDelays();
					Run run = runner.run(names[i], workloads[i], THREADS, keys, settings.warmup(),
							settings.measure());
					section.rows.add(new Row(roundTrip, run, local.injectedDelays()));
				}
				// The target's pair again, interleaved call by call, so that both see the same moments of a shared
				// machine.
				Run[] pair = runner.interleaved(Benchmarks.BUCKET4J, workloads[2], Benchmarks.OURS, workloads[1],
						THREADS, keys, settings.warmup(), settings.measure());
				Histogram injected = local.injectedDelays();
				section.interleaved.add(new Row(roundTrip, pair[0], injected));
				section.interleaved.add(new Row(roundTrip, pair[1], injected));
				local.roundTrip(Duration.ZERO);
			}
		}
		return section;
	}

	List<Row> rows() {
		return this.rows;
	}

	Optional<Row> row(Duration roundTrip, String scenario, int keys) {
		return find(this.rows, roundTrip, scenario, keys);
	}

	private static Optional<Row> find(List<Row> rows, Duration roundTrip, String scenario, int keys) {
		return rows.stream()
			.filter((row) -> row.roundTrip().equals(roundTrip) && row.run().scenario().equals(scenario)
					&& row.run().keys() == keys)
			.findFirst();
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		Duration roundTrip = ROUND_TRIPS[ROUND_TRIPS.length - 1];
		for (int keys : KEYS) {
			Optional<Row> ours = find(this.interleaved, roundTrip, Benchmarks.OURS, keys);
			Optional<Row> theirs = find(this.interleaved, roundTrip, Benchmarks.BUCKET4J, keys);
			if (ours.isPresent() && theirs.isPresent()) {
				double ratio = ours.get().run().p50Millis() / theirs.get().run().p50Millis();
				targets.add(new Target("17",
						roundTrip.toMillis() + " ms injected round trip, " + keys + " bucket(s), " + THREADS
								+ " threads (interleaved pair): our p50 ≤ " + P50_TARGET + " × Bucket4j's",
						Report.fixed(ours.get().run().p50Millis(), 2) + " ms vs "
								+ Report.fixed(theirs.get().run().p50Millis(), 2) + " ms = " + Report.fixed(ratio, 2)
								+ "×",
						ratio <= P50_TARGET));
			}
		}
		return targets;
	}

	@Override
	public void write(StringBuilder out) {
		out.append("## Injected round trip (issue 17)\n\n");
		out.append("The counting handler in front of DynamoDB Local parks each request's server thread for the "
				+ "round trip (`LockSupport.parkNanos`, parked again if it wakes early) before DynamoDB Local handles "
				+ "it, so every client (ours and raw `UpdateItem` on SDK v2, Bucket4j on SDK v1) sees the same distance "
				+ "to the server. *Injected* is the delay actually measured around the park. Buckets of "
				+ Benchmarks.OPEN_CAPACITY + " per second (nothing is rejected), " + THREADS
				+ " threads, closed loop, every item written once before the round trip is injected. *Our p50 / "
				+ "Bucket4j's* compares the two libraries on the same row group.\n\n");
		out.append("| Round trip | Injected p50 / p99 ms | Buckets | Scenario | Decisions/s | p50 ms | p99 ms | "
				+ "Requests/decision | Requests by operation per decision | p50 / raw p50 | Our p50 / Bucket4j's | "
				+ "Failure-mode answers |\n");
		out.append("|--:|--:|--:|---|--:|--:|--:|--:|---|--:|--:|--:|\n");
		for (Row row : this.rows) {
			Run run = row.run();
			Optional<Row> raw = row(row.roundTrip(), Benchmarks.RAW, run.keys());
			String versusRaw = raw.map((r) -> Report.fixed(run.p50Millis() / r.run().p50Millis(), 2) + "×")
				.orElse("–");
			String versusBucket4j = "";
			if (run.scenario().equals(Benchmarks.OURS)) {
				versusBucket4j = row(row.roundTrip(), Benchmarks.BUCKET4J, run.keys())
					.map((theirs) -> Report.fixed(run.p50Millis() / theirs.run().p50Millis(), 2) + "×")
					.orElse("–");
			}
			out.append("| ")
				.append(row.roundTrip().toMillis())
				.append(" ms | ")
				.append(Report.fixed(row.injected().getValueAtPercentile(50) / 1e6, 3))
				.append(" / ")
				.append(Report.fixed(row.injected().getValueAtPercentile(99) / 1e6, 3))
				.append(" | ")
				.append(run.keys())
				.append(" | ")
				.append(run.scenario())
				.append(" | ")
				.append(Report.fixed(run.perSecond(), 0))
				.append(" | ")
				.append(Report.fixed(run.p50Millis(), 2))
				.append(" | ")
				.append(Report.fixed(run.p99Millis(), 2))
				.append(" | ")
				.append(Report.fixed(run.requestsPerDecision(), 3))
				.append(" | ")
				.append(Metrics.operationsPerDecision(run))
				.append(" | ")
				.append(versusRaw)
				.append(" | ")
				.append(versusBucket4j)
				.append(" | ")
				.append(Metrics.isOurs(run) ? Long.toString(run.sources().errors()) : "–")
				.append((run.errors() > 0) ? " (" + run.errors() + " calls threw)" : "")
				.append(" |\n");
		}
		out.append("\nThe same two libraries interleaved call by call in one window (each thread alternates Bucket4j "
				+ "and ours; requests cannot be told apart, so none are shown), for the target:\n\n");
		out.append("| Round trip | Buckets | Bucket4j p50 / p99 ms | Ours p50 / p99 ms | Our p50 / Bucket4j's | Our "
				+ "decisions/s / Bucket4j's |\n");
		out.append("|--:|--:|--:|--:|--:|--:|\n");
		for (int i = 0; i + 1 < this.interleaved.size(); i += 2) {
			Run theirs = this.interleaved.get(i).run();
			Run ours = this.interleaved.get(i + 1).run();
			out.append("| " + this.interleaved.get(i).roundTrip().toMillis() + " ms | " + ours.keys() + " | "
					+ Report.fixed(theirs.p50Millis(), 2) + " / " + Report.fixed(theirs.p99Millis(), 2) + " | "
					+ Report.fixed(ours.p50Millis(), 2) + " / " + Report.fixed(ours.p99Millis(), 2) + " | "
					+ Report.fixed(ours.p50Millis() / theirs.p50Millis(), 2) + "× | "
					+ Report.fixed(ours.perSecond() / theirs.perSecond(), 2) + "× |\n");
		}
		out.append('\n');
	}

	/**
	 * One library at one round trip.
	 *
	 * @param roundTrip the delay injected
	 * @param run what the library did
	 * @param injected delays measured in the window's server threads, in nanoseconds
	 */
	record Row(Duration roundTrip, Run run, Histogram injected) {
	}

}
