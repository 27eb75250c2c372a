package io.github.leakybucket.autoconfigure.web;

import java.time.Duration;

import io.github.leakybucket.web.RateLimitHeaders;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of leakybucket's Spring MVC and Spring WebFlux support.
 */
@ConfigurationProperties("leakybucket.web")
public class RateLimitedWebProperties {

	/**
	 * Default order of the rules filter: ten after Spring Security's filter chain, at -100 in both web stacks.
	 */
	public static final int DEFAULT_RULES_FILTER_ORDER = -90;

	/**
	 * Whether responses of rate-limited handlers carry the RateLimit-Policy and RateLimit fields.
	 */
	private boolean headers = true;

	/**
	 * Retry-After of the 503 answered when a fail-closed bucket's storage failed, at least 1s, rounded up to whole
	 * seconds.
	 */
	private Duration storageFailureRetryAfter = Duration.ofSeconds(5);

	/**
	 * Draft of the IETF RateLimit fields whose meaning of the t parameter the RateLimit field follows.
	 */
	private RateLimitHeaders.Draft headersDraft = RateLimitHeaders.Draft.DRAFT_11;

	/**
	 * Order of the filter that applies the rate-limit rules, after Spring Security's filter chain by default.
	 */
	private int rulesFilterOrder = DEFAULT_RULES_FILTER_ORDER;

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

	public RateLimitHeaders.Draft getHeadersDraft() {
		return this.headersDraft;
	}

	public void setHeadersDraft(RateLimitHeaders.Draft headersDraft) {
		this.headersDraft = headersDraft;
	}

	public int getRulesFilterOrder() {
		return this.rulesFilterOrder;
	}

	public void setRulesFilterOrder(int rulesFilterOrder) {
		this.rulesFilterOrder = rulesFilterOrder;
	}

}
