package io.github.leakybucket.autoconfigure.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's Spring MVC support.
 */
@ConfigurationProperties("leakybucket.web")
public class RateLimitedWebProperties {

	/**
	 * Whether responses of rate-limited handlers carry the RateLimit-Policy and RateLimit fields.
	 */
	private boolean headers = true;

	public boolean isHeaders() {
		return this.headers;
	}

	public void setHeaders(boolean headers) {
		this.headers = headers;
	}

}
