package io.github.leakybucket.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Issue 17, several JVMs on one hot bucket: {@value #JVMS} JVMs of {@value #THREADS} threads each ({@link JvmWorker})
 * against this JVM's DynamoDB Local over loopback, with an injected round trip. Each scenario runs on a fresh bucket,
 * the JVMs released together once all have warmed up; requests are counted by the server, admissions held to
 * capacity + rate × (last JVM's end − first JVM's start).
 */
final class MultiJvmSection implements Section {

	static final int JVMS = 3;

	static final int THREADS = 8;

	static final Duration ROUND_TRIP = Duration.ofMillis(1);

	static final double REQUESTS_TARGET = 0.3;

	private static final String[] SCENARIOS = { Benchmarks.OURS, Benchmarks.OURS_RESERVE, Benchmarks.BUCKET4J };

	private final List<Row> rows = new ArrayList<>();

	private Histogram injected;

	static MultiJvmSection run(Settings settings, CountingDynamoDbLocal local) {
		MultiJvmSection section = new MultiJvmSection();
		local.roundTrip(ROUND_TRIP);
		try {
			for (String load : new String[] { "open", "saturated" }) {
				long capacity = load.equals("open") ? Benchmarks.OPEN_CAPACITY : Benchmarks.SATURATED_CAPACITY;
				Duration window = load.equals("open") ? settings.measure() : settings.saturated();
				for (String scenario : SCENARIOS) {
					System.out.println(JVMS + " JVMs x " + THREADS + " threads, " + load + " hot bucket, " + scenario
							+ ", round trip " + ROUND_TRIP.toMillis() + " ms");
					section.rows.add(new Row(load, capacity,
							measure(local, settings, scenario, "jvms-" + load + "-" + shortName(scenario), capacity,
									window)));
				}
			}
			section.injected = local.injectedDelays();
		}
		finally {
			local.roundTrip(Duration.ZERO);
		}
		return section;
	}

	private static Run measure(CountingDynamoDbLocal local, Settings settings, String scenario, String bucket,
			long capacity, Duration window) {
		List<ChildJvm> children = new ArrayList<>();
		try {
			for (int i = 0; i < JVMS; i++) {
				children.add(ChildJvm.start("jvm" + i, List.of("-Xmx256m", "-XX:+UseSerialGC"), JvmWorker.class,
						List.of(local.endpoint().toString(), scenario, bucket, Long.toString(capacity),
								Integer.toString(THREADS), Long.toString(settings.warmup().toMillis()),
								Long.toString(window.toMillis()))));
			}
			for (ChildJvm child : children) {
				child.await("READY", 180);
			}
			RequestCounts before = local.counts();
			for (ChildJvm child : children) {
				child.send("GO");
			}
			long firstStart = Long.MAX_VALUE;
			long lastEnd = Long.MIN_VALUE;
			long decisions = 0;
			long admitted = 0;
			long errors = 0;
			DecisionSources.Snapshot sources = DecisionSources.Snapshot.NONE;
			Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
			for (ChildJvm child : children) {
				String[] fields = child.await("RESULT", window.toSeconds() + 120).split(" ");
				long start = Long.parseLong(fields[0]);
				firstStart = Math.min(firstStart, start);
				lastEnd = Math.max(lastEnd, start + Long.parseLong(fields[1]));
				decisions += Long.parseLong(fields[2]);
				admitted += Long.parseLong(fields[3]);
				errors += Long.parseLong(fields[4]);
				sources = sources.plus(new DecisionSources.Snapshot(Long.parseLong(fields[5]),
						Long.parseLong(fields[6]), Long.parseLong(fields[7]), 0));
				latency.add(decode(fields[8]));
			}
			RequestCounts requests = local.counts().minus(before);
			Run run = new Run(scenario, JVMS * THREADS, 1, lastEnd - firstStart, decisions, admitted, errors, latency,
					requests, sources);
			System.out.printf("  %-34s %d JVMs %9.0f/s p50=%6.3f ms p99=%6.3f ms req/dec=%.3f admitted=%d max=%.1f%n",
					scenario, JVMS, run.perSecond(), run.p50Millis(), run.p99Millis(), run.requestsPerDecision(),
					admitted, Metrics.maxAdmissible(run, capacity));
			return run;
		}
		finally {
			children.forEach(ChildJvm::close);
		}
	}

	private static Histogram decode(String base64) {
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
		}
		catch (java.util.zip.DataFormatException ex) {
			throw new IllegalStateException("A child JVM sent a malformed histogram", ex);
		}
	}

	private static String shortName(String scenario) {
		if (scenario.equals(Benchmarks.OURS_RESERVE)) {
			return "reserve";
		}
		return scenario.equals(Benchmarks.OURS) ? "ours" : "bucket4j";
	}

	List<Row> rows() {
		return this.rows;
	}

	Optional<Row> row(String load, String scenario) {
		return this.rows.stream()
			.filter((row) -> row.load().equals(load) && row.run().scenario().equals(scenario))
			.findFirst();
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		for (Row row : this.rows) {
			Run run = row.run();
			double max = Metrics.maxAdmissible(run, row.capacity());
			if (row.load().equals("saturated")) {
				targets.add(new Target("17", JVMS + " JVMs × " + THREADS + " threads, saturated hot bucket, "
						+ run.scenario() + ": no over-admission", run.admitted() + " ≤ " + Report.fixed(max, 1),
						run.admitted() <= max));
			}
			if (Metrics.isOurs(run)) {
				targets.add(new Target("17",
						JVMS + " JVMs × " + THREADS + " threads, " + row.load() + " hot bucket, " + run.scenario()
								+ ": requests/decision ≤ " + REQUESTS_TARGET,
						Report.fixed(run.requestsPerDecision(), 3), run.requestsPerDecision() <= REQUESTS_TARGET));
			}
		}
		return targets;
	}

	@Override
	public void write(StringBuilder out) {
		out.append("## Several JVMs on one hot bucket (issue 17)\n\n");
		out.append(JVMS + " child JVMs (same class path, `-Xmx256m`, serial GC) of " + THREADS
				+ " threads each, closed loop, against this run's DynamoDB Local over loopback with a "
				+ ROUND_TRIP.toMillis() + " ms injected round trip");
		if (this.injected != null && this.injected.getTotalCount() > 0) {
			out.append(" (measured p50 ")
				.append(Report.fixed(this.injected.getValueAtPercentile(50) / 1e6, 3))
				.append(" ms, p99 ")
				.append(Report.fixed(this.injected.getValueAtPercentile(99) / 1e6, 3))
				.append(" ms)");
		}
		out.append(". Each JVM warms up on a bucket of its own for the warm-up time, then all are released together "
				+ "on one fresh bucket. *open*: " + Benchmarks.OPEN_CAPACITY + " per second (nothing is rejected; "
				+ "what coalescing saves across JVMs); *saturated*: " + Benchmarks.SATURATED_CAPACITY
				+ " per second, measured from the bucket's first call. Requests are what the server counted in the "
				+ "window; *max admissible* = capacity + rate × (last JVM's end − first JVM's start); latency "
				+ "merges the JVMs' histograms.\n\n");
		out.append("| Load | Scenario | Decisions | Decisions/s | Admitted | Max admissible | p50 ms | p99 ms | "
				+ "Requests/decision | Requests per admitted call | Requests by operation per decision | Failed "
				+ "conditions | Local answers | Failure-mode answers |\n");
		out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|\n");
		for (Row row : this.rows) {
			Run run = row.run();
			out.append("| " + row.load() + " | " + run.scenario() + " | " + run.decisions() + " | "
					+ Report.fixed(run.perSecond(), 0) + " | " + run.admitted() + " | "
					+ Report.fixed(Metrics.maxAdmissible(run, row.capacity()), 1) + " | "
					+ Report.fixed(run.p50Millis(), 2) + " | " + Report.fixed(run.p99Millis(), 2) + " | "
					+ Report.fixed(run.requestsPerDecision(), 3) + " | "
					+ Report.fixed(Metrics.requestsPerAdmitted(run), 3) + " | " + Metrics.operationsPerDecision(run)
					+ " | " + run.requests().failedWrites() + " | "
					+ (Metrics.isOurs(run) ? Report.fixed(100.0 * run.sources().local() / run.decisions(), 1) + " %"
							: "–")
					+ " | " + (Metrics.isOurs(run) ? Long.toString(run.sources().errors()) : "–")
					+ ((run.errors() > 0) ? " (" + run.errors() + " calls threw)" : "") + " |\n");
		}
		out.append('\n');
	}

	/**
	 * One scenario across the JVMs.
	 *
	 * @param load {@code open} or {@code saturated}
	 * @param capacity the bucket's capacity (per second)
	 * @param run the JVMs' runs merged
	 */
	record Row(String load, long capacity, Run run) {
	}

}
