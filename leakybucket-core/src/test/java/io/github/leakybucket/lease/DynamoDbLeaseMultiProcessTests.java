package io.github.leakybucket.lease;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVM processes, each with several threads, run one job repeatedly under one lease on DynamoDB Local
 * ({@link LeaseJobRunner}): each run increments a counter with a fenced compare-and-swap. One holder pauses past
 * its lease between its check and its write. The counter must equal the number of successful runs exactly, every
 * successful run must have had a token of its own, and the paused holder's write must be refused as stale.
 */
class DynamoDbLeaseMultiProcessTests {

	private static final int PROCESSES = 3;

	private static final int THREADS = 2;

	private static final Duration RUN = Duration.ofSeconds(6);

	private static final Pattern RESULT = Pattern
		.compile("runs=(\\d+) stale=(\\d+) conflicts=(\\d+) busy=(\\d+) tokens=([\\d,]*)");

	@Test
	void fencedCounterEqualsTheNumberOfSuccessfulRuns() throws Exception {
		String table = DynamoDbTestServer.uniqueTableName("lease-jobs");
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			new DynamoDbTables(client).createIfMissing(table, TableLayout.KEY_VALUE);
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<Process> processes = new ArrayList<>();
		List<BufferedReader> outputs = new ArrayList<>();
		long runs = 0;
		long stale = 0;
		long conflicts = 0;
		List<Long> tokens = new ArrayList<>();
		try {
			for (int i = 0; i < PROCESSES; i++) {
				Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
						System.getProperty("java.class.path"), LeaseJobRunner.class.getName(),
						DynamoDbTestServer.endpoint().toString(), table, "process-" + i, Integer.toString(THREADS),
						Long.toString(RUN.toMillis()), Boolean.toString(i == 0))
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
			Instant start = Instant.now().plusMillis(200);
			for (Process process : processes) {
				process.getOutputStream().write((start.toEpochMilli() + "\n").getBytes(StandardCharsets.UTF_8));
				process.getOutputStream().flush();
			}
			for (int i = 0; i < PROCESSES; i++) {
				String output = rest(outputs.get(i));
				System.out.print("process-" + i + ": " + output);
				assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
				assertThat(processes.get(i).exitValue()).as(output).isZero();
				Matcher result = RESULT.matcher(output);
				assertThat(result.find()).as(output).isTrue();
				runs += Long.parseLong(result.group(1));
				stale += Long.parseLong(result.group(2));
				conflicts += Long.parseLong(result.group(3));
				for (String token : result.group(5).split(",")) {
					if (!token.isEmpty()) {
						tokens.add(Long.parseLong(token));
					}
				}
			}
		}
		finally {
			processes.forEach(Process::destroy);
		}
		long counter;
		long lastToken;
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			KeyValueStore store = DynamoDbKeyValueStore.builder(client, table)
				.defaultPartition(LeaseJobRunner.PARTITION)
				.build();
			KVPair pair = store.get(LeaseJobRunner.COUNTER).orElseThrow();
			counter = Long.parseLong(pair.valueAsString());
			lastToken = Leases.builder(DynamoDbLeaseTable.create(client, table)).build()
				.read(LeaseJobRunner.LEASE)
				.orElseThrow()
				.token();
		}
		System.out.printf("multi-process leases: %d successful runs, counter %d, %d stale writes refused, %d "
				+ "version conflicts, last token %d%n", runs, counter, stale, conflicts, lastToken);
		assertThat(counter).isEqualTo(runs);
		assertThat(runs).isPositive();
		Set<Long> distinct = new HashSet<>(tokens);
		assertThat(distinct).hasSameSizeAs(tokens);
		assertThat(stale).as("the paused holder's write was refused").isPositive();
		assertThat(lastToken).isGreaterThanOrEqualTo(runs);
	}

	private static String rest(BufferedReader reader) throws Exception {
		StringBuilder output = new StringBuilder();
		String line;
		while ((line = reader.readLine()) != null) {
			output.append(line).append('\n');
		}
		return output.toString();
	}

}
