package io.github.leakybucket.web.reactive;

import java.net.URI;
import java.security.Principal;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.annotation.MissingRateLimitKeyException;
import io.github.leakybucket.web.RateLimitFields;
import io.github.leakybucket.web.RateLimitHeaders;
import io.github.leakybucket.web.RateLimitedExceptionHandler;
import io.github.leakybucket.web.rules.MultiLimitDecider;
import io.github.leakybucket.web.rules.MultiLimitDecider.Decided;
import io.github.leakybucket.web.rules.MultiLimitDecider.Decision;
import io.github.leakybucket.web.rules.RateLimitRule;
import io.github.leakybucket.web.rules.RateLimitRules;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Applies {@link RateLimitRules} to Spring WebFlux requests.
 * <p>
 * A request that every matching limit admits goes on down the chain, with the {@code RateLimit-Policy} and
 * {@code RateLimit} fields of every limit (see {@link RateLimitFields}). A rejected request is answered by the
 * filter with the response {@link RateLimitedExceptionHandler} gives a rejected
 * {@link io.github.leakybucket.annotation.RateLimited @RateLimited} call: {@code 429} or {@code 503} problem details
 * with {@code Retry-After}, or {@code 400} for a rule that rejects requests without its key. An application's own
 * {@code @ExceptionHandler} does not see these rejections: they happen before any handler is chosen.
 * <p>
 * Ordered after Spring Security's {@code WebFilterChainProxy}, the principal is known and a request that security
 * refuses never drains a bucket. The client address is the request's remote address, which Spring's
 * {@code ForwardedHeaderTransformer} rewrites only when {@code server.forward-headers-strategy} is
 * {@code framework}.
 * <p>
 * With {@code offload}, the decision runs on Reactor's bounded-elastic scheduler, as a storage that blocks needs.
 * Without it, the buckets are drained with {@link Bucket#tryAddAsync}; a request with several limits still checks
 * their known levels on the bounded-elastic scheduler first, since a handle that has not decided yet reads its level
 * with a blocking call.
 */
public class RateLimitRulesWebFilter implements WebFilter {

	private static final ResolvableType PROBLEM_DETAIL = ResolvableType.forClass(ProblemDetail.class);

	private final RateLimitRules rules;

	private final MultiLimitDecider decider;

	private final RateLimitedExceptionHandler handler;

	private final List<HttpMessageWriter<?>> writers;

	private final boolean headers;

	private final RateLimitHeaders.Draft draft;

	private final InstantSource clock;

	private final boolean offload;

	/**
	 * Creates a filter.
	 * @param rules the rules
	 * @param decider decides each request's limits
	 * @param handler gives the response to a rejection
	 * @param writers the message writers of the application, which write the problem body
	 * @param headers whether to add the {@code RateLimit-Policy} and {@code RateLimit} fields
	 * @param draft the meaning of {@code t}
	 * @param clock the clock the seconds of {@code t} are measured on
	 * @param offload whether to decide on the bounded-elastic scheduler
	 */
	public RateLimitRulesWebFilter(RateLimitRules rules, MultiLimitDecider decider, RateLimitedExceptionHandler handler,
			List<HttpMessageWriter<?>> writers, boolean headers, RateLimitHeaders.Draft draft, InstantSource clock,
			boolean offload) {
		this.rules = Objects.requireNonNull(rules, "rules");
		this.decider = Objects.requireNonNull(decider, "decider");
		this.handler = Objects.requireNonNull(handler, "handler");
		this.writers = List.copyOf(writers);
		this.headers = headers;
		this.draft = Objects.requireNonNull(draft, "draft");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.offload = offload;
	}

	/**
	 * Returns the rules this filter applies.
	 * @return the rules
	 */
	public RateLimitRules getRules() {
		return this.rules;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<String> principal = this.rules.readsPrincipal()
				? exchange.getPrincipal().map(Principal::getName).defaultIfEmpty("") : Mono.just("");
		return principal.flatMap((name) -> {
			RateLimitRules.Match match = this.rules
				.match(new ReactiveRuleRequest(exchange.getRequest(), name.isEmpty() ? null : name));
			RateLimitRule missingKey = match.missingKey();
			if (missingKey != null) {
				return write(exchange, this.handler.handleMissingKey(
						new MissingRateLimitKeyException(missingKey.bucket(), missingKey.description())));
			}
			if (match.limits().isEmpty()) {
				return chain.filter(exchange);
			}
			return decide(match.limits()).flatMap((decision) -> answer(exchange, chain, match.limits(), decision));
		});
	}

	private Mono<Decision> decide(List<RateLimitRules.Limit> limits) {
		if (this.offload) {
			return Mono.fromCallable(() -> this.decider.decide(limits)).subscribeOn(Schedulers.boundedElastic());
		}
		Mono<MultiLimitDecider.Plan> plan = (limits.size() < 2) ? Mono.just(this.decider.plan(limits))
				: Mono.fromCallable(() -> this.decider.plan(limits)).subscribeOn(Schedulers.boundedElastic());
		return plan.flatMap((ready) -> Mono.fromFuture(() -> this.decider.drainAsync(ready)));
	}

	private Mono<Void> answer(ServerWebExchange exchange, WebFilterChain chain, List<RateLimitRules.Limit> limits,
			Decision decision) {
		RateLimitFields fields = null;
		if (this.headers) {
			fields = RateLimitHeadersWebFilter.fields(exchange);
			decision.recordTo(fields, limits);
			fields.writeTo(exchange.getResponse().getHeaders()::set, this.clock.millis(), this.draft);
		}
		Decided rejection = decision.rejection();
		if (rejection == null) {
			return chain.filter(exchange);
		}
		return write(exchange, this.handler.handleRateLimited(rejection.rejected(), fields));
	}

	@SuppressWarnings("unchecked")
	private Mono<Void> write(ServerWebExchange exchange, ResponseEntity<ProblemDetail> entity) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(entity.getStatusCode());
		entity.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
		ProblemDetail body = Objects.requireNonNull(entity.getBody(), "body");
		if (body.getInstance() == null) {
			body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		for (HttpMessageWriter<?> writer : this.writers) {
			if (writer.canWrite(PROBLEM_DETAIL, MediaType.APPLICATION_PROBLEM_JSON)) {
				return ((HttpMessageWriter<ProblemDetail>) writer).write(Mono.just(body), PROBLEM_DETAIL,
						MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
			}
		}
		return response.setComplete();
	}

}
