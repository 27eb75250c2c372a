package io.github.leakybucket.autoconfigure.web;

import java.time.InstantSource;

import io.github.leakybucket.web.RateLimitedExceptionHandler;
import io.github.leakybucket.web.reactive.RateLimitRulesWebFilter;
import io.github.leakybucket.web.rules.MultiLimitDecider;
import io.github.leakybucket.web.rules.RateLimitRules;

import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * A {@link RateLimitRulesWebFilter} at {@code leakybucket.web.rules-filter-order}.
 */
final class OrderedRateLimitRulesWebFilter extends RateLimitRulesWebFilter implements Ordered {

	private final int order;

	OrderedRateLimitRulesWebFilter(RateLimitRules rules, MultiLimitDecider decider, RateLimitedExceptionHandler handler,
			ServerCodecConfigurer codecs, RateLimitedWebProperties properties, boolean offload) {
		super(rules, decider, handler, codecs.getWriters(), properties.isHeaders(), properties.getHeadersDraft(),
				InstantSource.system(), offload);
		this.order = properties.getRulesFilterOrder();
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
