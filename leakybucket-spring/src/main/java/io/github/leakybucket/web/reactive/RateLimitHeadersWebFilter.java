package io.github.leakybucket.web.reactive;

import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.annotation.RateLimitedDecisionObserver;
import io.github.leakybucket.web.RateLimitFields;
import io.github.leakybucket.web.RateLimitHeaders;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes {@code RateLimit-Policy} and {@code RateLimit} to a WebFlux response when a
 * {@link io.github.leakybucket.annotation.RateLimited @RateLimited} method returning a reactive type decides while
 * handling the request.
 * <p>
 * The filter puts a {@link RateLimitedDecisionObserver} bound to the exchange into the Reactor context, under the key
 * {@code RateLimitedDecisionObserver.class}, where the rate check finds it at subscription. Each decision is recorded
 * in the exchange's {@link RateLimitFields}, with those of the rate-limit rules, and both fields are rewritten from
 * them when the decision is made, before the method runs, so before the body is written: the policy field lists
 * every bucket, the limit field names the most restrictive. A rejection's response is written by
 * {@link io.github.leakybucket.web.RateLimitedExceptionHandler} from the same record. A call that a fail-open bucket
 * admitted because its storage failed adds no fields: its state is a guess, not the limit. A method returning a plain
 * value is not seen: its decision is not made in the request's reactive chain.
 */
public class RateLimitHeadersWebFilter implements WebFilter {

	private final InstantSource clock;

	private final RateLimitHeaders.Draft draft;

	/**
	 * Creates a filter on the system clock, writing draft-11 fields.
	 */
	public RateLimitHeadersWebFilter() {
		this(InstantSource.system(), RateLimitHeaders.Draft.DRAFT_11);
	}

	/**
	 * Creates a filter writing draft-11 fields.
	 * @param clock the clock the seconds of {@code t} are measured on
	 */
	public RateLimitHeadersWebFilter(InstantSource clock) {
		this(clock, RateLimitHeaders.Draft.DRAFT_11);
	}

	/**
	 * Creates a filter.
	 * @param clock the clock the seconds of {@code t} are measured on
	 * @param draft the meaning of {@code t}
	 */
	public RateLimitHeadersWebFilter(InstantSource clock, RateLimitHeaders.Draft draft) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.draft = Objects.requireNonNull(draft, "draft");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		RateLimitedDecisionObserver observer = (bucket, state) -> write(exchange, bucket, state);
		return chain.filter(exchange).contextWrite(Context.of(RateLimitedDecisionObserver.class, observer));
	}

	private void write(ServerWebExchange exchange, Bucket bucket, BucketState state) {
		if (state.storageFailed()) {
			return;
		}
		RateLimitFields fields = fields(exchange);
		fields.record(bucket.name(), bucket.drainTime(), state);
		ServerHttpResponse response = exchange.getResponse();
		if (!response.isCommitted()) {
			fields.writeTo(response.getHeaders()::set, this.clock.millis(), this.draft);
		}
	}

	/**
	 * Returns the rate-limit fields of an exchange, adding them to its attributes if it has none yet.
	 * @param exchange the exchange
	 * @return its fields
	 */
	public static RateLimitFields fields(ServerWebExchange exchange) {
		return (RateLimitFields) exchange.getAttributes()
			.computeIfAbsent(RateLimitFields.ATTRIBUTE, (name) -> new RateLimitFields());
	}

}
