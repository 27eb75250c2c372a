package io.github.leakybucket.web;

import java.time.InstantSource;

import io.github.leakybucket.annotation.RateLimitedException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link RateLimitedException} with {@code 429 Too Many Requests}, an RFC 9457 problem body naming the
 * bucket, {@code Retry-After} in whole seconds, and optionally the {@code RateLimit-Policy} and {@code RateLimit}
 * fields.
 * <p>
 * Ordered last, so that an application's own {@code @ExceptionHandler} for the exception, in a controller or in an
 * ordered {@code @ControllerAdvice}, wins. An unordered advice of the application is at the same order; Spring Boot
 * registers it first, so it wins too. To change the response, handle the exception in the application, or replace
 * this bean with a subclass overriding {@link #createProblemDetail(RateLimitedException)}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RateLimitedExceptionHandler {

	private final boolean rateLimitHeaders;

	private final InstantSource clock;

	/**
	 * Creates a handler that adds the rate-limit fields, on the system clock.
	 */
	public RateLimitedExceptionHandler() {
		this(true, InstantSource.system());
	}

	/**
	 * Creates a handler.
	 * @param rateLimitHeaders whether to add {@code RateLimit-Policy} and {@code RateLimit}
	 * @param clock the clock the seconds until reset are measured on
	 */
	public RateLimitedExceptionHandler(boolean rateLimitHeaders, InstantSource clock) {
		this.rateLimitHeaders = rateLimitHeaders;
		this.clock = clock;
	}

	/**
	 * Answers a rejected invocation.
	 * @param ex the rejection
	 * @return the 429 response
	 */
	@ExceptionHandler(RateLimitedException.class)
	public ResponseEntity<ProblemDetail> handleRateLimited(RateLimitedException ex) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RateLimitHeaders.seconds(ex.getRetryAfter())));
		if (this.rateLimitHeaders) {
			headers.set(RateLimitHeaders.RATE_LIMIT_POLICY,
					RateLimitHeaders.policy(ex.getBucketName(), ex.getState().capacity(), ex.getDrainTime()));
			headers.set(RateLimitHeaders.RATE_LIMIT, RateLimitHeaders.limit(ex.getBucketName(),
					ex.getState().remaining(), ex.getState().reset(), this.clock.millis()));
		}
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).headers(headers).body(createProblemDetail(ex));
	}

	/**
	 * Creates the problem body: status 429, a detail naming the bucket and the wait, and the properties
	 * {@code bucket} and {@code retryAfter} (seconds).
	 * @param ex the rejection
	 * @return the problem detail
	 */
	protected ProblemDetail createProblemDetail(RateLimitedException ex) {
		long retryAfter = RateLimitHeaders.seconds(ex.getRetryAfter());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Rate limit of bucket '"
				+ ex.getBucketName() + "' exceeded; retry after " + retryAfter + " second"
				+ ((retryAfter != 1) ? "s" : ""));
		problem.setProperty("bucket", ex.getBucketName());
		problem.setProperty("retryAfter", retryAfter);
		return problem;
	}

}
