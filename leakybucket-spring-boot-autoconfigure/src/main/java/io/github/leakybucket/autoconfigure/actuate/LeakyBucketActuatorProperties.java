package io.github.leakybucket.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's Actuator endpoint and health indicator.
 */
@ConfigurationProperties("leakybucket.actuator")
public class LeakyBucketActuatorProperties {

	/**
	 * Whether the leakybuckets endpoint's delete operation may drain buckets.
	 */
	private boolean resetEnabled;

	/**
	 * Time allowed for each DynamoDB call of the health check, retries included.
	 */
	private Duration healthTimeout = Duration.ofMillis(500);

	public boolean isResetEnabled() {
		return this.resetEnabled;
	}

	public void setResetEnabled(boolean resetEnabled) {
		this.resetEnabled = resetEnabled;
	}

	public Duration getHealthTimeout() {
		return this.healthTimeout;
	}

	public void setHealthTimeout(Duration healthTimeout) {
		this.healthTimeout = healthTimeout;
	}

}
