package io.github.leakybucket.benchmarks;

import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * What one measured run of a scenario saw.
 *
 * @param scenario scenario name, such as {@code leakybucket tryAdd}
 * @param threads calling threads
 * @param keys distinct buckets or items the calls spread over
 * @param elapsedNanos length of the measured window
 * @param decisions calls completed in the window
 * @param admitted calls admitted
 * @param errors calls that threw
 * @param latency call latencies in nanoseconds
 * @param requests DynamoDB requests counted by the server in the window
 * @param sources where our buckets answered, for our scenarios
 */
record Run(String scenario, int threads, int keys, long elapsedNanos, long decisions, long admitted, long errors,
		Histogram latency, RequestCounts requests, DecisionSources.Snapshot sources) {

	double perSecond() {
		return this.decisions * 1e9 / this.elapsedNanos;
	}

	double p50Millis() {
		return this.latency.getValueAtPercentile(50) / 1e6;
	}

	double p99Millis() {
		return this.latency.getValueAtPercentile(99) / 1e6;
	}

	double requestsPerDecision() {
		return ratio(this.requests.total(), this.decisions);
	}

	double elapsedSeconds() {
		return this.elapsedNanos / 1e9;
	}

	/**
	 * Pools runs of the same scenario, such as the A and B halves of an ABBA comparison.
	 */
	static Run pool(List<Run> runs) {
		Run first = runs.get(0);
		Histogram latency = new Histogram(first.latency.getHighestTrackableValue(),
				first.latency.getNumberOfSignificantValueDigits());
		long elapsed = 0;
		long decisions = 0;
		long admitted = 0;
		long errors = 0;
		RequestCounts requests = RequestCounts.NONE;
		DecisionSources.Snapshot sources = DecisionSources.Snapshot.NONE;
		for (Run run : runs) {
			latency.add(run.latency);
			elapsed += run.elapsedNanos;
			decisions += run.decisions;
			admitted += run.admitted;
			errors += run.errors;
			requests = requests.plus(run.requests);
			sources = sources.plus(run.sources);
		}
		return new Run(first.scenario, first.threads, first.keys, elapsed, decisions, admitted, errors, latency,
				requests, sources);
	}

	static double ratio(double numerator, double denominator) {
		return (denominator == 0) ? Double.NaN : numerator / denominator;
	}

}
