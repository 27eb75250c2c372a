package io.github.leakybucket.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what goes wrong with a bucket's storage at most once per interval per bucket name and kind, so that an
 * outage does not flood the log.
 */
final class FailureWarnings {

	private static final Logger logger = LoggerFactory.getLogger("io.github.leakybucket.BucketStorage");

	private final long intervalNanos;

	private final LongSupplier ticker;

	private final ConcurrentMap<String, Long> lastWarnings = new ConcurrentHashMap<>();

	FailureWarnings(Duration interval, LongSupplier ticker) {
		this.intervalNanos = interval.toNanos();
		this.ticker = ticker;
	}

	void storageFailed(String bucketName, boolean admitted, RuntimeException error) {
		if (due("failed:" + bucketName)) {
			logger.warn("Bucket '{}' got no answer from its storage and {} calls; next warning for it in {} at the "
					+ "earliest", bucketName, admitted ? "admits" : "rejects", interval(), error);
		}
	}

	void malformed(String bucketName, RuntimeException error) {
		if (due("malformed:" + bucketName)) {
			logger.warn("Bucket '{}' cannot decide: {}. Give the buckets a table of their own; next warning in {} "
					+ "at the earliest", bucketName, error.getMessage(), interval());
		}
	}

	void clockSkew(String bucketName, Duration ahead) {
		if (due("skew:" + bucketName)) {
			logger.warn("Bucket '{}' holds a level written by a clock at least {} ahead of this host's; this host "
					+ "now decides on that later clock. Check the hosts' time synchronisation", bucketName, ahead);
		}
	}

	private Duration interval() {
		return Duration.ofNanos(this.intervalNanos);
	}

	private boolean due(String key) {
		long now = this.ticker.getAsLong();
		Long last = this.lastWarnings.get(key);
		if (last != null && now - last < this.intervalNanos) {
			return false;
		}
		return (last != null) ? this.lastWarnings.replace(key, last, now)
				: this.lastWarnings.putIfAbsent(key, now) == null;
	}

}
