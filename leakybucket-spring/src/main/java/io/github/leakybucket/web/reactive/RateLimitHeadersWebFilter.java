package io.github.leakybucket.web.reactive;

import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.annotation.RateLimitedDecisionObserver;
import io.github.leakybucket.web.RateLimitHeaders;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes {@code RateLimit-Policy} and {@code RateLimit} to a WebFlux response when a
 * {@link io.github.leakybucket.annotation.RateLimited @RateLimited} method returning a reactive type is admitted
 * while handling the request.
 * <p>
 * The filter puts a {@link RateLimitedDecisionObserver} bound to the exchange into the Reactor context, under the key
 * {@code RateLimitedDecisionObserver.class}, where the rate check finds it at subscription. The fields are set when
 * the decision is made, before the method runs, so before the body is written; when a request makes several
 * rate-limited invocations, the last one's fields win. Rejected invocations get their fields from
 * {@link io.github.leakybucket.web.RateLimitedExceptionHandler}. A call that a fail-open bucket admitted because its
 * storage failed gets no fields: its state is a guess, not the limit. A method returning a plain value is not seen:
 * its decision is not made in the request's reactive chain.
 */
public class RateLimitHeadersWebFilter implements WebFilter {

	private final InstantSource clock;

	/**
	 * Creates a filter on the system clock.
	 */
	public RateLimitHeadersWebFilter() {
		this(InstantSource.system());
	}

	/**
	 * Creates a filter.
	 * @param clock the clock the seconds until reset are measured on
	 */
	public RateLimitHeadersWebFilter(InstantSource clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		RateLimitedDecisionObserver observer = (bucket, state) -> write(exchange.getResponse(), bucket, state);
		return chain.filter(exchange).contextWrite(Context.of(RateLimitedDecisionObserver.class, observer));
	}

	private void write(ServerHttpResponse response, Bucket bucket, BucketState state) {
		if (!state.admitted() || state.storageFailed() || response.isCommitted()) {
			return;
		}
		response.getHeaders()
			.set(RateLimitHeaders.RATE_LIMIT_POLICY,
					RateLimitHeaders.policy(bucket.name(), state.capacity(), bucket.drainTime()));
		response.getHeaders()
			.set(RateLimitHeaders.RATE_LIMIT,
					RateLimitHeaders.limit(bucket.name(), state.remaining(), state.reset(), this.clock.millis()));
	}

}
