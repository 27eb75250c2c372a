package io.github.leakybucket.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's health indicator.
 */
@ConfigurationProperties("leakybucket.actuator")
public class LeakyBucketActuatorProperties {

	/**
	 * Time allowed for each DynamoDB call of the health check, retries included.
	 */
	private Duration healthTimeout = Duration.ofMillis(500);

	public Duration getHealthTimeout() {
		return this.healthTimeout;
	}

	public void setHealthTimeout(Duration healthTimeout) {
		this.healthTimeout = healthTimeout;
	}

}
