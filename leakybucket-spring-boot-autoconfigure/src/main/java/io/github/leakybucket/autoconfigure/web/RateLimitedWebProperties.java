package io.github.leakybucket.autoconfigure.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's Spring MVC and Spring WebFlux support.
 */
@ConfigurationProperties("leakybucket.web")
public class RateLimitedWebProperties {

	/**
	 * Whether responses of rate-limited handlers carry the RateLimit-Policy and RateLimit fields.
	 */
	private boolean headers = true;

	/**
	 * Retry-After of the 503 answered when a fail-closed bucket's storage failed, at least 1s, rounded up to whole
	 * seconds.
	 */
	private Duration storageFailureRetryAfter = Duration.ofSeconds(5);

	public boolean isHeaders() {
		return this.headers;
	}

	public void setHeaders(boolean headers) {
		this.headers = headers;
	}

	public Duration getStorageFailureRetryAfter() {
		return this.storageFailureRetryAfter;
	}

	public void setStorageFailureRetryAfter(Duration storageFailureRetryAfter) {
		this.storageFailureRetryAfter = storageFailureRetryAfter;
	}

}
