package io.github.leakybucket.web;

import java.time.InstantSource;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.annotation.RateLimitedDecisionObserver;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes {@code RateLimit-Policy} and {@code RateLimit} to the current servlet response when a
 * {@link io.github.leakybucket.annotation.RateLimited @RateLimited} invocation is admitted.
 * <p>
 * The headers are set before the method runs, so before the body is written, and survive a {@code ResponseEntity}
 * that adds headers of its own. When a request makes several rate-limited invocations, the last one's fields win.
 * Rejected invocations get their fields from {@link RateLimitedExceptionHandler}. A call that a fail-open bucket
 * admitted because its storage failed gets no fields: its state is a guess, not the limit. Outside a servlet request
 * this does nothing.
 */
public class RateLimitHeadersObserver implements RateLimitedDecisionObserver {

	private final InstantSource clock;

	/**
	 * Creates an observer on the system clock.
	 */
	public RateLimitHeadersObserver() {
		this(InstantSource.system());
	}

	/**
	 * Creates an observer.
	 * @param clock the clock the seconds until reset are measured on
	 */
	public RateLimitHeadersObserver(InstantSource clock) {
		this.clock = clock;
	}

	@Override
	public void onDecision(Bucket bucket, BucketState state) {
		if (!state.admitted() || state.storageFailed()) {
			return;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servletAttributes)) {
			return;
		}
		HttpServletResponse response = servletAttributes.getResponse();
		if (response == null || response.isCommitted()) {
			return;
		}
		response.setHeader(RateLimitHeaders.RATE_LIMIT_POLICY,
				RateLimitHeaders.policy(bucket.name(), state.capacity(), bucket.drainTime()));
		response.setHeader(RateLimitHeaders.RATE_LIMIT,
				RateLimitHeaders.limit(bucket.name(), state.remaining(), state.reset(), this.clock.millis()));
	}

}
