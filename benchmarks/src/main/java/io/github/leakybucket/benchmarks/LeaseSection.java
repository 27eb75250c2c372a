package io.github.leakybucket.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.Leases;
import org.HdrHistogram.Histogram;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Issue 15: what a lease costs. Requests per uncontended acquire and release (goal: one each), per renewal and per
 * busy attempt, counted on the server; and the latency of acquire, release and a raw conditional
 * {@code UpdateItem} of the same shape, one thread, interleaved round by round so that all three see the same
 * machine. Writes {@code leases.md}. Run alone with {@code -Dbenchmarks.only=leases}.
 */
final class LeaseSection {

	private static final String TABLE = "bench-leases";

	private static final String RAW_PARTITION = "bench-raw";

	private static final long HIGHEST_LATENCY = Duration.ofSeconds(60).toNanos();

	/** Rounds counted for requests; every round is counted, warm-up excluded. */
	private static final int COUNTED_ROUNDS = 1000;

	private static final Duration LEASE = Duration.ofSeconds(30);

	/** Held by another owner for the whole run, so that the busy attempts never reach a takeover. */
	private static final Duration HELD = Duration.ofHours(1);

	private final Settings settings;

	private final Machine machine;

	private final CountingDynamoDbLocal local;

	private final DynamoDbClient client;

	private LeaseSection(Settings settings, Machine machine, CountingDynamoDbLocal local, DynamoDbClient client) {
		this.settings = settings;
		this.machine = machine;
		this.local = local;
		this.client = client;
	}

	/**
	 * Runs the section against the server and writes {@code leases.md} into the output directory.
	 */
	static void run(Settings settings, Machine machine, CountingDynamoDbLocal local, DynamoDbClient client)
			throws IOException {
		new LeaseSection(settings, machine, local, client).measure();
	}

	private void measure() throws IOException {
		System.out.println("Leases: requests per operation, and latency against a raw UpdateItem");
		new DynamoDbTables(this.client).createIfMissing(TABLE, TableLayout.KEY_VALUE);
		DynamoDbLeaseTable table = DynamoDbLeaseTable.create(this.client, TABLE);
		Leases leases = Leases.builder(table).ownerId("bench").build();
		Leases other = Leases.builder(table).ownerId("bench-other").build();
		Lease held = other.tryAcquire("held", HELD).orElseThrow();

		Histogram raw = histogram();
		Histogram acquire = histogram();
		Histogram release = histogram();
		Histogram busy = histogram();
		long warmupEnd = System.nanoTime() + this.settings.warmup().toNanos();
		while (System.nanoTime() < warmupEnd) {
			round(leases, held, null, null, null, null);
		}
		long end = System.nanoTime() + this.settings.measure().toNanos();
		int rounds = 0;
		while (System.nanoTime() < end || rounds < COUNTED_ROUNDS) {
			round(leases, held, raw, acquire, release, busy);
			rounds++;
		}

		Tally first = new Tally("acquire, first grant of a name (row missing)");
		Tally again = new Tally("acquire, after a release (row released)");
		Tally released = new Tally("release");
		Tally renewed = new Tally("renew");
		Tally busied = new Tally("tryAcquire of a lease held by another owner (busy)");
		RequestCounts phaseStart = this.local.counts();
		for (int i = 0; i < COUNTED_ROUNDS; i++) {
			Lease fresh = first.count(() -> leases.tryAcquire("first-" + System.nanoTime(), LEASE).orElseThrow());
			renewed.count(() -> {
				fresh.renew();
				return null;
			});
			released.count(fresh::release);
			Lease reacquired = again.count(() -> leases.tryAcquire("again", LEASE).orElseThrow());
			released.count(reacquired::release);
			busied.count(() -> leases.tryAcquire(held.name(), LEASE));
		}
		// The server counts a 4xx answer once the answer is sent, which can be after the client has it.
		sleep(Duration.ofMillis(200));
		long failedConditions = sum(this.local.counts().failed()) - sum(phaseStart.failed());
		held.release();
		List<Row> counts = List.of(first.row(), again.row(), released.row(), renewed.row(), busied.row());

		write(counts, failedConditions, rounds, List.of(raw, acquire, release, busy),
				this.settings.output().resolve("leases.md"));
	}

	/** One round: a raw UpdateItem, an acquire, a release and a busy attempt, each timed if a histogram is given. */
	private void round(Leases leases, Lease held, Histogram raw, Histogram acquire, Histogram release,
			Histogram busy) {
		time(raw, this::rawUpdateItem);
		Lease lease = time(acquire, () -> leases.tryAcquire("timed", LEASE).orElseThrow());
		time(release, lease::release);
		time(busy, () -> leases.tryAcquire(held.name(), LEASE));
	}

	/**
	 * A conditional UpdateItem shaped like a lease write: a condition on two attributes, an update of three, the
	 * item returned.
	 */
	private Object rawUpdateItem() {
		return this.client.updateItem(UpdateItemRequest.builder()
			.tableName(TABLE)
			.key(Map.of(TableLayout.KEY_VALUE.hashKey(), AttributeValue.fromS(RAW_PARTITION),
					TableLayout.KEY_VALUE.rangeKey(), AttributeValue.fromS("raw")))
			.updateExpression("SET #version = if_not_exists(#version, :zero) + :one, #owner = :owner, #at = :at")
			.conditionExpression("attribute_not_exists(#owner) OR #owner = :owner")
			.expressionAttributeNames(Map.of("#version", "version", "#owner", "owner", "#at", "writtenAt"))
			.expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"),
					":owner", AttributeValue.fromS("raw"), ":at",
					AttributeValue.fromN(Long.toString(System.currentTimeMillis()))))
			.returnValues(ReturnValue.ALL_NEW)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build());
	}

	private static <T> T time(Histogram histogram, Supplier<T> operation) {
		long start = System.nanoTime();
		T result = operation.get();
		if (histogram != null) {
			histogram.recordValue(Math.min(System.nanoTime() - start, HIGHEST_LATENCY));
		}
		return result;
	}

	private static void time(Histogram histogram, Runnable operation) {
		time(histogram, () -> {
			operation.run();
			return null;
		});
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long sum(Map<String, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	private static Histogram histogram() {
		return new Histogram(HIGHEST_LATENCY, 3);
	}

	/** Writes the counts and the latencies of raw UpdateItem, acquire, release and busy attempt, in that order. */
	private void write(List<Row> counts, long failedConditions, int rounds, List<Histogram> latencies, Path file)
			throws IOException {
		Histogram raw = latencies.get(0);
		StringBuilder text = new StringBuilder();
		text.append("# Leases (issue 15)\n\n");
		text.append("Machine: ").append(this.machine).append("; load average at the end ")
			.append(Machine.currentLoadAverage()).append(".\n\n");
		text.append("Command: `mvn -q -Pbenchmarks -pl benchmarks -am -DskipTests clean verify "
				+ "-Dbenchmarks.only=leases`. One in-memory DynamoDB Local on loopback, SDK v2 with the Apache 5 "
				+ "client and its defaults, one thread. Requests are counted on the server (every HTTP request, by "
				+ "`X-Amz-Target`; a failed condition is a 400 answer).\n\n");
		text.append("## Requests per operation\n\n");
		text.append("Goal: one request per uncontended acquire and per release.\n\n");
		text.append("| Operation | Times | Requests per operation | By operation |\n");
		text.append("|---|---:|---:|---|\n");
		for (Row row : counts) {
			text.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s |%n", row.operation(), row.times(),
					row.perOperation(), row.byOperation()));
		}
		text.append("\nEach figure counts the requests made during that operation alone, summed over its runs. ")
			.append(String.format(Locale.ROOT, "Over these %d rounds the server answered %d requests with a failed "
					+ "condition (400): one per busy attempt, whose refused write returns the row, so that it needs "
					+ "no read.%n%n", COUNTED_ROUNDS, failedConditions));
		text.append("## Latency, one thread\n\n");
		text.append(String.format(Locale.ROOT, "%d rounds after %.1f s of warm-up; each round makes a raw "
				+ "`UpdateItem`, an acquire, its release and a busy attempt, in that order. The raw `UpdateItem` is "
				+ "conditional and returns the item, as every lease write does.%n%n", rounds,
				this.settings.warmup().toMillis() / 1000.0));
		text.append("| Operation | p50 ms | p99 ms | p50 / raw p50 |\n");
		text.append("|---|---:|---:|---:|\n");
		double rawP50 = millis(raw, 50);
		appendLatency(text, "raw conditional UpdateItem", raw, rawP50);
		appendLatency(text, "acquire (tryAcquire, row released)", latencies.get(1), rawP50);
		appendLatency(text, "release", latencies.get(2), rawP50);
		appendLatency(text, "tryAcquire of a held lease (busy)", latencies.get(3), rawP50);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
		System.out.println("Wrote " + file.toAbsolutePath());
	}

	private static void appendLatency(StringBuilder text, String operation, Histogram histogram, double rawP50) {
		double p50 = millis(histogram, 50);
		text.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.2f |%n", operation, p50, millis(histogram, 99),
				p50 / rawP50));
	}

	private static double millis(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1_000_000.0;
	}

	/**
	 * The requests that reached the server during each counted operation, summed.
	 */
	private final class Tally {

		private final String operation;

		private final Map<String, Long> byOperation = new TreeMap<>();

		private long times;

		Tally(String operation) {
			this.operation = operation;
		}

		<T> T count(Supplier<T> step) {
			RequestCounts before = LeaseSection.this.local.counts();
			T result = step.get();
			RequestCounts after = LeaseSection.this.local.counts();
			after.requests().forEach((name, count) -> {
				long delta = count - before.requests().getOrDefault(name, 0L);
				if (delta > 0) {
					this.byOperation.merge(name, delta, Long::sum);
				}
			});
			this.times++;
			return result;
		}

		Row row() {
			long total = sum(this.byOperation);
			return new Row(this.operation, this.times, (double) total / this.times, new TreeMap<>(this.byOperation));
		}

	}

	private record Row(String operation, long times, double perOperation, Map<String, Long> byOperation) {
	}

}
