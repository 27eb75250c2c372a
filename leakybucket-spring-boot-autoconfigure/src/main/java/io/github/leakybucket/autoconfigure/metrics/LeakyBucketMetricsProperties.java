package io.github.leakybucket.autoconfigure.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's metrics.
 */
@ConfigurationProperties("leakybucket.metrics")
public class LeakyBucketMetricsProperties {

	/**
	 * Interval at which each configured bucket whose last known state is at least that old is read from DynamoDB, so
	 * that its gauges stay current. Unset means never.
	 */
	private Duration refreshInterval;

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

}
