package io.github.leakybucket.autoconfigure.annotation;

import io.github.leakybucket.annotation.RateLimitedBeanPostProcessor;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@link io.github.leakybucket.annotation.RateLimited @RateLimited} interceptor.
 */
@ConfigurationProperties("leakybucket.aspect")
public class RateLimitedAspectProperties {

	/**
	 * Order of the rate check among the other advisors of a bean, such as those of @Transactional and @Cacheable;
	 * lower runs first.
	 */
	private int order = RateLimitedBeanPostProcessor.DEFAULT_ADVISOR_ORDER;

	public int getOrder() {
		return this.order;
	}

	public void setOrder(int order) {
		this.order = order;
	}

}
