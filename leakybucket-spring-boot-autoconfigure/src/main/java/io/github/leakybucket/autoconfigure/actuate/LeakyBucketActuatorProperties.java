package io.github.leakybucket.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's health indicator.
 */
@ConfigurationProperties("leakybucket.actuator")
public class LeakyBucketActuatorProperties {

	/**
	 * Time allowed for each DynamoDB call of the health check, retries included. Never longer than
	 * leakybucket.dynamodb.admin-timeout.
	 */
	private Duration healthTimeout = Duration.ofMillis(500);

	/**
	 * Shortest interval between two checks of the DynamoDB tables; health requests in between answer from the last
	 * check. Zero checks on every request.
	 */
	private Duration healthCheckInterval = Duration.ofSeconds(10);

	public Duration getHealthTimeout() {
		return this.healthTimeout;
	}

	public void setHealthTimeout(Duration healthTimeout) {
		this.healthTimeout = healthTimeout;
	}

	public Duration getHealthCheckInterval() {
		return this.healthCheckInterval;
	}

	public void setHealthCheckInterval(Duration healthCheckInterval) {
		this.healthCheckInterval = healthCheckInterval;
	}

}
