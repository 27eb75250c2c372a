package io.github.leakybucket.dynamodb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVM processes, each with several threads per bucket, hammer two buckets at once through one DynamoDB: one
 * bucket with local rejection only, one with reserve-ahead. Each bucket is always saturated, so an exact limiter
 * admits {@code capacity + elapsed × capacity / drainTime} units in all, no more, where {@code elapsed} runs from
 * the first admission to the last (widened to whole milliseconds). Measuring from the first admission rather than
 * the common start keeps the lower bound about the limiter: while the bucket is still empty, a late start (a
 * starved JVM) loses units that no limiter could admit.
 */
class DynamoDbMultiProcessTests {

	private static final int PROCESSES = 3;

	private static final int THREADS = 3;

	private static final long CAPACITY = 50;

	private static final Duration DRAIN = Duration.ofSeconds(1);

	private static final long RESERVE = 10;

	private static final Duration RUN = Duration.ofMillis(3500);

	private static final Duration START_DELAY = Duration.ofMillis(200);

	private static final Pattern RESULT = Pattern
		.compile("bucket=(\\S+) admitted=(\\d+) requests=(\\d+) first=(\\d+) end=(\\d+)");

	private static final Map<String, Totals> totals = new HashMap<>();

	@BeforeAll
	static void hammer() throws Exception {
		String table = DynamoDbTestServer.uniqueTableName("buckets");
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<Process> processes = new ArrayList<>();
		List<BufferedReader> outputs = new ArrayList<>();
		try {
			for (int i = 0; i < PROCESSES; i++) {
				Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
						System.getProperty("java.class.path"), BucketHammer.class.getName(),
						DynamoDbTestServer.endpoint().toString(), table, Integer.toString(THREADS),
						Long.toString(RUN.toMillis()), specification("exact", 0), specification("reserve", RESERVE))
					.redirectErrorStream(true)
					.start();
				processes.add(process);
				outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
			}
			for (BufferedReader output : outputs) {
				String line;
				while ((line = output.readLine()) != null && !line.equals("ready")) {
					System.out.println(line);
				}
			}
			Instant start = Instant.now().plus(START_DELAY);
			for (Process process : processes) {
				process.getOutputStream().write((start.toEpochMilli() + "\n").getBytes(StandardCharsets.UTF_8));
				process.getOutputStream().flush();
			}
			for (int i = 0; i < PROCESSES; i++) {
				String output = rest(outputs.get(i));
				assertThat(processes.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
				assertThat(processes.get(i).exitValue()).as(output).isZero();
				Matcher result = RESULT.matcher(output);
				while (result.find()) {
					totals.computeIfAbsent(result.group(1), (name) -> new Totals())
						.add(Long.parseLong(result.group(2)), Long.parseLong(result.group(3)),
								Long.parseLong(result.group(4)), Long.parseLong(result.group(5)));
				}
			}
		}
		finally {
			processes.forEach(Process::destroy);
		}
	}

	private static String specification(String name, long reserve) {
		return name + ":" + CAPACITY + ":" + DRAIN.toMillis() + ":" + reserve;
	}

	private static String rest(BufferedReader reader) throws Exception {
		StringBuilder output = new StringBuilder();
		String line;
		while ((line = reader.readLine()) != null) {
			output.append(line).append('\n');
		}
		return output.toString();
	}

	@Test
	void processesTogetherAdmitExactlyWhatTheBucketAllows() {
		Totals exact = totals.get("exact");
		double limit = exact.exactLimit();
		System.out.printf("multi-process, local rejection: admitted %d of exact limit %.1f over %d ms, %d requests%n",
				exact.admitted, limit, exact.elapsedNanos / 1_000_000, exact.requests);
		assertThat(exact.processes).isEqualTo(PROCESSES);
		assertThat((double) exact.admitted).isLessThanOrEqualTo(limit + 1).isGreaterThanOrEqualTo(0.95 * limit);
	}

	/**
	 * With reserve, units whose slot starts before they are handed out are lost. Each process holds at most one block
	 * of {@code RESERVE} units, whose slots all start within a drain time of its write: it loses at most
	 * {@code RESERVE} units per drain time, plus the block it still holds at the end.
	 */
	@Test
	void processesWithReserveNeverOverAdmitAndUnderAdmitWithinTheReserveBound() {
		Totals reserve = totals.get("reserve");
		double limit = reserve.exactLimit();
		long drains = (reserve.elapsedNanos + DRAIN.toNanos() - 1) / DRAIN.toNanos();
		double lowest = limit - PROCESSES * RESERVE * (drains + 1);
		System.out.printf(
				"multi-process, reserve %d: admitted %d of exact limit %.1f (lowest allowed %.1f) over %d ms, "
						+ "%d requests%n",
				RESERVE, reserve.admitted, limit, lowest, reserve.elapsedNanos / 1_000_000, reserve.requests);
		assertThat(reserve.processes).isEqualTo(PROCESSES);
		assertThat((double) reserve.admitted).isLessThanOrEqualTo(limit + 1).isGreaterThanOrEqualTo(lowest);
	}

	private static final class Totals {

		private int processes;

		private long admitted;

		private long requests;

		private long firstMillis = Long.MAX_VALUE;

		private long endMillis;

		private long elapsedNanos;

		void add(long admitted, long requests, long firstMillis, long endMillis) {
			this.processes++;
			this.admitted += admitted;
			this.requests += requests;
			this.firstMillis = Math.min(this.firstMillis, firstMillis);
			this.endMillis = Math.max(this.endMillis, endMillis);
			this.elapsedNanos = Duration.ofMillis(this.endMillis - this.firstMillis).toNanos();
		}

		double exactLimit() {
			return CAPACITY + (double) this.elapsedNanos * CAPACITY / DRAIN.toNanos();
		}

	}

}
