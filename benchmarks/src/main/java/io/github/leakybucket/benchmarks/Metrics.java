package io.github.leakybucket.benchmarks;

import java.util.stream.Collectors;

/**
 * Figures derived from a {@link Run}, counted the same way for every library: requests are what the server saw.
 */
final class Metrics {

	private Metrics() {
	}

	static boolean isOurs(Run run) {
		return run.scenario().startsWith("leakybucket") || run.scenario().equals(Benchmarks.ANNOTATED);
	}

	/**
	 * Round trips beyond the library's first attempt. Ours: {@code UpdateItem}s beyond one per decision that
	 * DynamoDB answered (a wrong guess of the bucket's side of now, corrected by a second write). Bucket4j: failed
	 * conditional {@code PutItem}s, each of which makes it read and write again. Raw requests: failed requests.
	 */
	static long retries(Run run) {
		if (isOurs(run)) {
			return Math.max(0, run.requests().of("UpdateItem") - run.sources().dynamoDb());
		}
		if (run.scenario().equals(Benchmarks.BUCKET4J)) {
			return run.requests().failed("PutItem");
		}
		return run.requests().failedWrites();
	}

	/**
	 * Requests per decision that needed DynamoDB: for ours, excluding decisions answered locally; for others, the
	 * same as requests per decision.
	 */
	static double requestsPerRemoteDecision(Run run) {
		long remote = isOurs(run) ? run.sources().dynamoDb() : run.decisions();
		return Run.ratio(run.requests().total(), remote);
	}

	static double requestsPerAdmitted(Run run) {
		return Run.ratio(run.requests().total(), run.admitted());
	}

	static double writesPerAdmitted(Run run) {
		return Run.ratio(run.requests().writes(), run.admitted());
	}

	/**
	 * Most calls a correct limiter may admit in the window: per bucket, its capacity plus what drains meanwhile.
	 * Holds for any window, also one that starts on a used bucket.
	 */
	static double maxAdmissible(Run run, long capacity) {
		double rate = capacity / (Benchmarks.DRAIN_TIME.toNanos() / 1e9);
		return run.keys() * (capacity + rate * run.elapsedSeconds());
	}

	static String operationsPerDecision(Run run) {
		return run.requests()
			.requests()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 0)
			.map((entry) -> entry.getKey().replace("Item", "") + " " + Report.fixed(
					Run.ratio(entry.getValue(), run.decisions()), 3))
			.collect(Collectors.joining(", "));
	}

}
