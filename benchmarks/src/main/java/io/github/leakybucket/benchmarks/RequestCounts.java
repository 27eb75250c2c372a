package io.github.leakybucket.benchmarks;

import java.util.Map;
import java.util.TreeMap;

/**
 * DynamoDB requests that reached the server, by operation, and how many of them were answered with HTTP 400 (for a
 * conditional write, a failed condition).
 *
 * @param requests requests by {@code X-Amz-Target} operation, such as {@code UpdateItem}
 * @param failed requests answered with a 4xx status, by operation
 */
record RequestCounts(Map<String, Long> requests, Map<String, Long> failed) {

	static final RequestCounts NONE = new RequestCounts(Map.of(), Map.of());

	RequestCounts {
		requests = Map.copyOf(requests);
		failed = Map.copyOf(failed);
	}

	long total() {
		return this.requests.values().stream().mapToLong(Long::longValue).sum();
	}

	long of(String operation) {
		return this.requests.getOrDefault(operation, 0L);
	}

	long failed(String operation) {
		return this.failed.getOrDefault(operation, 0L);
	}

	long writes() {
		return of("UpdateItem") + of("PutItem");
	}

	long failedWrites() {
		return failed("UpdateItem") + failed("PutItem");
	}

	RequestCounts minus(RequestCounts earlier) {
		return new RequestCounts(subtract(this.requests, earlier.requests), subtract(this.failed, earlier.failed));
	}

	RequestCounts plus(RequestCounts other) {
		Map<String, Long> requests = new TreeMap<>(this.requests);
		other.requests.forEach((operation, count) -> requests.merge(operation, count, Long::sum));
		Map<String, Long> failed = new TreeMap<>(this.failed);
		other.failed.forEach((operation, count) -> failed.merge(operation, count, Long::sum));
		return new RequestCounts(requests, failed);
	}

	private static Map<String, Long> subtract(Map<String, Long> later, Map<String, Long> earlier) {
		Map<String, Long> difference = new TreeMap<>();
		later.forEach((operation, count) -> {
			long delta = count - earlier.getOrDefault(operation, 0L);
			if (delta != 0) {
				difference.put(operation, delta);
			}
		});
		return difference;
	}

}
