package io.github.leakybucket.web.rules;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

import io.github.leakybucket.annotation.MissingRateLimitKeyException;
import io.github.leakybucket.annotation.RateLimitedException;
import io.github.leakybucket.web.RateLimitFields;
import io.github.leakybucket.web.RateLimitHeaders;
import io.github.leakybucket.web.RateLimitHeadersObserver;
import io.github.leakybucket.web.rules.MultiLimitDecider.Decided;
import io.github.leakybucket.web.rules.MultiLimitDecider.Decision;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Applies {@link RateLimitRules} to Spring MVC requests, once per request (not on error or async dispatches).
 * <p>
 * A request that every matching limit admits goes on down the chain, with the {@code RateLimit-Policy} and
 * {@code RateLimit} fields of every limit (see {@link RateLimitFields}). A rejected request is answered as a rejected
 * {@link io.github.leakybucket.annotation.RateLimited @RateLimited} call is: the filter hands a
 * {@link RateLimitedException}, or a {@link MissingRateLimitKeyException} for a rule that rejects requests without
 * its key, to the application's {@link HandlerExceptionResolver}, so that the same
 * {@link io.github.leakybucket.web.RateLimitedExceptionHandler} (or the application's own handler) writes the
 * {@code 429}, {@code 503} or {@code 400} problem response.
 * <p>
 * Where it runs decides what it sees: registered after Spring Security's filter chain, the principal is known and a
 * request that security refuses never drains a bucket; the client address is the one the container, or Spring's
 * {@code ForwardedHeaderFilter}, settled on.
 */
public class RateLimitRulesFilter extends OncePerRequestFilter {

	private final RateLimitRules rules;

	private final MultiLimitDecider decider;

	private final HandlerExceptionResolver exceptionResolver;

	private final boolean headers;

	private final RateLimitHeaders.Draft draft;

	private final InstantSource clock;

	/**
	 * Creates a filter.
	 * @param rules the rules
	 * @param decider decides each request's limits
	 * @param exceptionResolver answers rejections, usually the application's {@code handlerExceptionResolver}
	 * @param headers whether to add the {@code RateLimit-Policy} and {@code RateLimit} fields
	 * @param draft the meaning of {@code t}
	 * @param clock the clock the seconds of {@code t} are measured on
	 */
	public RateLimitRulesFilter(RateLimitRules rules, MultiLimitDecider decider,
			HandlerExceptionResolver exceptionResolver, boolean headers, RateLimitHeaders.Draft draft,
			InstantSource clock) {
		this.rules = Objects.requireNonNull(rules, "rules");
		this.decider = Objects.requireNonNull(decider, "decider");
		this.exceptionResolver = Objects.requireNonNull(exceptionResolver, "exceptionResolver");
		this.headers = headers;
		this.draft = Objects.requireNonNull(draft, "draft");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimitRules.Match match = this.rules.match(new ServletRuleRequest(request));
		RateLimitRule missingKey = match.missingKey();
		if (missingKey != null) {
			reject(request, response, new MissingRateLimitKeyException(missingKey.bucket(), missingKey.description()));
			return;
		}
		if (match.limits().isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		List<RateLimitRules.Limit> limits = match.limits();
		Decision decision = this.decider.decide(limits);
		if (this.headers) {
			RateLimitFields fields = RateLimitHeadersObserver.fields(request);
			decision.recordTo(fields, limits);
			fields.writeTo(response::setHeader, this.clock.millis(), this.draft);
		}
		Decided rejection = decision.rejection();
		if (rejection == null) {
			chain.doFilter(request, response);
			return;
		}
		reject(request, response, rejection.rejected());
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, RuntimeException rejection)
			throws ServletException {
		ModelAndView answer = this.exceptionResolver.resolveException(request, response, null, rejection);
		if (answer == null) {
			throw new ServletException(rejection.getMessage(), rejection);
		}
		if (!answer.isEmpty()) {
			throw new ServletException("A view answered the rate-limit rejection; only a written response is supported",
					rejection);
		}
	}

	/**
	 * Returns the rules this filter applies.
	 * @return the rules
	 */
	public RateLimitRules getRules() {
		return this.rules;
	}

}
