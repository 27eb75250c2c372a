package io.github.leakybucket.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 13: decisions on the asynchronous client, 256 and 1,024 in flight from at most {@value #ISSUERS} threads,
 * side by side with the blocking client driven by {@value #BLOCKING_THREADS} platform threads; one hot bucket and
 * 1,000 keys. Buckets of {@value #CAPACITY} per second, so that the hot bucket's limit binds at these rates and the
 * admissions can be held to capacity + elapsed × rate. Writes {@code async.md}.
 */
final class AsyncSection implements Section {

	static final int ISSUERS = 4;

	static final int BLOCKING_THREADS = 256;

	static final int[] IN_FLIGHT = { 256, 1024 };

	static final long CAPACITY = 10_000;

	/**
	 * Request timeout of both storages: with 1,000 keys nearly every decision is a request, and a queue of 1,024 on
	 * 50 connections to a DynamoDB Local sharing two cores waits longer than the default second; past it the failure
	 * mode would answer and the circuit breaker open, which measures the outage path instead.
	 */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final String ASYNC = "leakybucket tryAddAsync";

	private static final String BLOCKING = "leakybucket tryAdd";

	private final Settings settings;

	private final Machine machine;

	private final List<Row> rows = new ArrayList<>();

	private AsyncSection(Settings settings, Machine machine) {
		this.settings = settings;
		this.machine = machine;
	}

	/**
	 * Runs the section against the server and writes {@code async.md} into the output directory.
	 * @return the section, for {@code results.md}
	 */
	static AsyncSection run(Settings settings, Machine machine, CountingDynamoDbLocal local, DynamoDbClient client,
			String table) throws IOException {
		AsyncSection section = new AsyncSection(settings, machine);
		section.measure(local, client, table);
		return section;
	}

	private void measure(CountingDynamoDbLocal local, DynamoDbClient client, String table) throws IOException {
		System.out.println("Asynchronous decisions (" + CAPACITY + " per second per bucket)");
		DecisionSources sources = new DecisionSources();
		BucketConfig config = BucketConfig.of(CAPACITY, Benchmarks.DRAIN_TIME);
		List<Row> rows = this.rows;
		try (DynamoDbAsyncClient asyncClient = DynamoDbAsyncClient.builder()
			.endpointOverride(local.endpoint())
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.build()) {
			BucketRegistry async = new BucketRegistry(
					DynamoDbBucketStorage.builder(asyncClient)
						.tableName(table)
						.listener(sources)
						.requestTimeout(REQUEST_TIMEOUT)
						.build(),
					Map.of("async-hot", config, "async-keyed", config), 10_000);
			BucketRegistry blocking = new BucketRegistry(
					DynamoDbBucketStorage.builder(client)
						.tableName(table)
						.listener(sources)
						.requestTimeout(REQUEST_TIMEOUT)
						.build(),
					Map.of("blocking-hot", config, "blocking-keyed", config), 10_000);
			AsyncLoadRunner asyncRunner = new AsyncLoadRunner(local::counts, sources::snapshot);
			LoadRunner blockingRunner = new LoadRunner(local::counts, sources::snapshot);
			for (int keys : Benchmarks.KEYS) {
				IntFunction<CompletableFuture<BucketState>> asyncCalls = Workloads.tryAddAsync(async, "async-hot",
						"async-keyed", keys);
				Workload blockingCalls = Workloads.tryAdd(blocking, "blocking-hot", "blocking-keyed", keys);
				for (int inFlight : IN_FLIGHT) {
					rows.add(new Row("async", inFlight, asyncRunner.run(ASYNC, asyncCalls, inFlight, ISSUERS, keys,
							this.settings.warmup(), this.settings.measure())));
				}
				Run run = blockingRunner.run(BLOCKING, blockingCalls, BLOCKING_THREADS, keys, this.settings.warmup(),
						this.settings.measure());
				rows.add(new Row("blocking", BLOCKING_THREADS, run));
			}
		}
		write(rows, this.settings.output().resolve("async.md"));
	}

	private void write(List<Row> rows, Path file) throws IOException {
		StringBuilder text = new StringBuilder();
		text.append("# Asynchronous decisions (issue 13)\n\n");
		text.append("Machine: ").append(this.machine).append("; load average at the end ")
			.append(Machine.currentLoadAverage()).append(". Warm-up ").append(this.settings.warmup().toMillis() / 1000.0)
			.append(" s, window ").append(this.settings.measure().toMillis() / 1000.0).append(" s per row.\n\n");
		table(rows, text);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
		System.out.println("Wrote " + file.toAbsolutePath());
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		for (Row row : this.rows) {
			double max = Metrics.maxAdmissible(row.run(), CAPACITY);
			if (row.run().keys() == 1) {
				targets.add(new Target("13", "async vs blocking, hot bucket, " + row.path() + ", " + row.inFlight()
						+ " in flight: no over-admission", row.run().admitted() + " ≤ " + Report.fixed(max, 0),
						row.run().admitted() <= max));
			}
		}
		return targets;
	}

	@Override
	public void write(StringBuilder out) {
		out.append("## Async against blocking at high concurrency (issue 13)\n\n");
		table(this.rows, out);
		out.append('\n');
	}

	private static void table(List<Row> rows, StringBuilder text) {
		text.append("Buckets of ").append(CAPACITY).append(" per ").append(Benchmarks.DRAIN_TIME.toSeconds())
			.append(" s, request timeout ").append(REQUEST_TIMEOUT.toSeconds())
			.append(" s. Async: `tryAddAsync(1)` with a fixed number of decisions in flight, started by ").append(ISSUERS)
			.append(" threads that never wait for one (Netty client, SDK defaults). Blocking: `tryAdd(1)` from ")
			.append(BLOCKING_THREADS).append(" platform threads, closed loop (Apache 5 client, SDK defaults). ")
			.append("Both clients keep at most 50 connections. Max admissible = keys × (capacity + elapsed × rate), ")
			.append("a bound that holds for any window.\n\n");
		text.append("| Path | Keys | In flight | Client threads | Decisions/s | p50 ms | p99 ms | Requests/decision "
				+ "| Local answers | Admitted | Max admissible | Failure-mode answers |\n");
		text.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Row row : rows) {
			Run run = row.run();
			text.append(String.format(Locale.ROOT,
					"| %s | %d | %d | %d | %.0f | %.3f | %.3f | %.3f | %.1f %% | %d | %.0f | %d |%n", row.path(),
					run.keys(), row.inFlight(), run.threads(), run.perSecond(), run.p50Millis(), run.p99Millis(),
					run.requestsPerDecision(), 100.0 * Run.ratio(run.sources().local(), run.decisions()),
					run.admitted(), Metrics.maxAdmissible(run, CAPACITY), run.sources().errors()));
		}
	}

	private record Row(String path, int inFlight, Run run) {

	}

}
