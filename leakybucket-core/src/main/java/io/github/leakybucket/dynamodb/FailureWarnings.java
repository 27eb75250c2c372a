package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs storage failures at most once per interval per bucket name, so an outage does not flood the log.
 */
final class FailureWarnings {

	private static final Logger logger = LoggerFactory.getLogger(DynamoDbBucketStorage.class);

	private final long intervalNanos;

	private final ConcurrentMap<String, Long> lastWarnings = new ConcurrentHashMap<>();

	FailureWarnings(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	void warn(String bucketName, String answer, RuntimeException error) {
		long now = System.nanoTime();
		Long last = this.lastWarnings.get(bucketName);
		if (last != null && now - last < this.intervalNanos) {
			return;
		}
		boolean won = (last != null) ? this.lastWarnings.replace(bucketName, last, now)
				: this.lastWarnings.putIfAbsent(bucketName, now) == null;
		if (won) {
			logger.warn("Bucket '{}' could not reach its storage and {} calls; next warning for it in {} at the "
					+ "earliest", bucketName, answer, Duration.ofNanos(this.intervalNanos), error);
		}
	}

}
