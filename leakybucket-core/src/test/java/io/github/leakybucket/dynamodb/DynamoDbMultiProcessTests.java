package io.github.leakybucket.dynamodb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVM processes, each with several threads, hammer one bucket through one DynamoDB. The bucket is always
 * saturated, so an exact limiter admits {@code capacity + elapsed × capacity / drainTime} units in all, no more.
 */
class DynamoDbMultiProcessTests {

	private static final int PROCESSES = 3;

	private static final int THREADS = 4;

	private static final long CAPACITY = 50;

	private static final Duration DRAIN = Duration.ofSeconds(1);

	private static final Duration RUN = Duration.ofMillis(3500);

	private static final Duration START_DELAY = Duration.ofMillis(200);

	private static final Pattern RESULT = Pattern.compile("admitted=(\\d+) requests=(\\d+) end=(\\d+)");

	private static String table;

	@BeforeAll
	static void createTable() {
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			table = DynamoDbTestServer.uniqueTableName("buckets");
			new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
		}
	}

	@Test
	void processesTogetherAdmitExactlyWhatTheBucketAllows() throws Exception {
		Totals totals = hammer("exact", 0);
		double exact = totals.exactLimit();
		System.out.printf("multi-process, local rejection: admitted %d of exact limit %.1f over %d ms, %d requests%n",
				totals.admitted, exact, totals.elapsedNanos / 1_000_000, totals.requests);
		assertThat((double) totals.admitted).isLessThanOrEqualTo(exact + 1).isGreaterThanOrEqualTo(0.95 * exact);
	}

	@Test
	void processesWithReserveNeverOverAdmitAndUnderAdmitWithinTheReserveBound() throws Exception {
		long reserve = 10;
		Totals totals = hammer("reserve", reserve);
		double exact = totals.exactLimit();
		long drains = (totals.elapsedNanos + DRAIN.toNanos() - 1) / DRAIN.toNanos();
		double lowest = exact - PROCESSES * reserve * (drains + 1);
		System.out.printf(
				"multi-process, reserve %d: admitted %d of exact limit %.1f (lowest allowed %.1f) over %d ms, "
						+ "%d requests%n",
				reserve, totals.admitted, exact, lowest, totals.elapsedNanos / 1_000_000, totals.requests);
		assertThat((double) totals.admitted).isLessThanOrEqualTo(exact + 1).isGreaterThanOrEqualTo(lowest);
	}

	private Totals hammer(String bucketName, long reserve) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<Process> processes = new ArrayList<>();
		List<BufferedReader> outputs = new ArrayList<>();
		for (int i = 0; i < PROCESSES; i++) {
			Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
					System.getProperty("java.class.path"), BucketHammer.class.getName(),
					DynamoDbTestServer.endpoint().toString(), table, bucketName, Long.toString(CAPACITY),
					Long.toString(DRAIN.toMillis()), Long.toString(reserve), Integer.toString(THREADS),
					Long.toString(RUN.toMillis()))
				.redirectErrorStream(true)
				.start();
			processes.add(process);
			outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
		}
		try {
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
			Totals totals = new Totals(start);
			for (int i = 0; i < PROCESSES; i++) {
				String output = rest(outputs.get(i));
				assertThat(processes.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
				assertThat(processes.get(i).exitValue()).as(output).isZero();
				Matcher result = RESULT.matcher(output);
				assertThat(result.find()).as(output).isTrue();
				totals.add(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)),
						Instant.ofEpochMilli(Long.parseLong(result.group(3))));
			}
			return totals;
		}
		finally {
			processes.forEach(Process::destroy);
		}
	}

	private static String rest(BufferedReader reader) throws Exception {
		StringBuilder output = new StringBuilder();
		String line;
		while ((line = reader.readLine()) != null) {
			output.append(line).append('\n');
		}
		return output.toString();
	}

	private static final class Totals {

		private final Instant start;

		private long admitted;

		private long requests;

		private long elapsedNanos;

		Totals(Instant start) {
			this.start = start;
		}

		void add(long admitted, long requests, Instant end) {
			this.admitted += admitted;
			this.requests += requests;
			this.elapsedNanos = Math.max(this.elapsedNanos, Duration.between(this.start, end).toNanos());
		}

		double exactLimit() {
			return CAPACITY + (double) this.elapsedNanos * CAPACITY / DRAIN.toNanos();
		}

	}

}
