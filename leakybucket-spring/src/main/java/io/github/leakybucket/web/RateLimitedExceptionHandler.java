package io.github.leakybucket.web;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.annotation.MissingRateLimitKeyException;
import io.github.leakybucket.annotation.RateLimitedException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link RateLimitedException} with an RFC 9457 problem body naming the bucket and {@code Retry-After} in
 * whole seconds, never less than one.
 * <p>
 * A call over the limit gets {@code 429 Too Many Requests} and, optionally, the {@code RateLimit-Policy} and
 * {@code RateLimit} fields: every bucket that decided for the request (rate-limit rules and annotations, from the
 * request's {@link RateLimitFields}), the rejecting one named in {@code RateLimit}. A call that a fail-closed bucket rejected because its storage failed
 * ({@link RateLimitedException#isStorageFailed()}) is not the client's fault and says nothing about the limit: it gets
 * {@code 503 Service Unavailable}, without the rate-limit fields, and a fixed {@code Retry-After} that spreads the
 * retries out.
 * <p>
 * A call whose rate-limit key is null ({@link MissingRateLimitKeyException}) gets {@code 400 Bad Request}: the key is
 * usually read from the request, which lacks it.
 * <p>
 * The same handler serves Spring MVC and Spring WebFlux annotated controllers: in WebFlux it also answers a rejection
 * signalled by a {@code Mono} or {@code Flux} that a handler returns.
 * <p>
 * Ordered last, so that an application's own {@code @ExceptionHandler} for the exception, in a controller or in an
 * ordered {@code @ControllerAdvice}, wins. An unordered advice of the application is at the same order; Spring Boot
 * registers it first, so it wins too. To change the response, handle the exception in the application, or replace
 * this bean with a subclass overriding {@link #createProblemDetail(RateLimitedException)}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RateLimitedExceptionHandler {

	/** Default {@code Retry-After} of a 503 answered because the storage failed. */
	public static final Duration DEFAULT_STORAGE_FAILURE_RETRY_AFTER = Duration.ofSeconds(5);

	private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

	private final boolean rateLimitHeaders;

	private final Duration storageFailureRetryAfter;

	private final InstantSource clock;

	private final RateLimitHeaders.Draft draft;

	/**
	 * Creates a handler that adds the rate-limit fields and answers storage failures with a {@code Retry-After} of
	 * {@link #DEFAULT_STORAGE_FAILURE_RETRY_AFTER}, on the system clock, writing draft-11 fields.
	 */
	public RateLimitedExceptionHandler() {
		this(true, DEFAULT_STORAGE_FAILURE_RETRY_AFTER, InstantSource.system());
	}

	/**
	 * Creates a handler.
	 * @param rateLimitHeaders whether to add {@code RateLimit-Policy} and {@code RateLimit} to a 429
	 * @param storageFailureRetryAfter the {@code Retry-After} of a 503 answered because the storage failed, at least
	 * one second; rounded up to whole seconds
	 * @param clock the clock the seconds until reset are measured on
	 * @throws IllegalArgumentException if {@code storageFailureRetryAfter} is shorter than one second
	 */
	public RateLimitedExceptionHandler(boolean rateLimitHeaders, Duration storageFailureRetryAfter,
			InstantSource clock) {
		this(rateLimitHeaders, storageFailureRetryAfter, clock, RateLimitHeaders.Draft.DRAFT_11);
	}

	/**
	 * Creates a handler.
	 * @param rateLimitHeaders whether to add {@code RateLimit-Policy} and {@code RateLimit} to a 429
	 * @param storageFailureRetryAfter the {@code Retry-After} of a 503 answered because the storage failed, at least
	 * one second; rounded up to whole seconds
	 * @param clock the clock the seconds of {@code t} are measured on
	 * @param draft the meaning of {@code t} in {@code RateLimit}
	 * @throws IllegalArgumentException if {@code storageFailureRetryAfter} is shorter than one second
	 */
	public RateLimitedExceptionHandler(boolean rateLimitHeaders, Duration storageFailureRetryAfter,
			InstantSource clock, RateLimitHeaders.Draft draft) {
		Objects.requireNonNull(storageFailureRetryAfter, "storageFailureRetryAfter");
		if (storageFailureRetryAfter.compareTo(MIN_RETRY_AFTER) < 0) {
			throw new IllegalArgumentException(
					"storageFailureRetryAfter must be at least 1 s: " + storageFailureRetryAfter);
		}
		this.rateLimitHeaders = rateLimitHeaders;
		this.storageFailureRetryAfter = storageFailureRetryAfter;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.draft = Objects.requireNonNull(draft, "draft");
	}

	/**
	 * Answers a rejected invocation.
	 * @param ex the rejection
	 * @return the 429 response, or the 503 response if the storage failed
	 */
	public ResponseEntity<ProblemDetail> handleRateLimited(RateLimitedException ex) {
		return handleRateLimited(ex, null);
	}

	/**
	 * Answers a rejected invocation, with the rate-limit fields of every bucket that decided for the request.
	 * @param ex the rejection
	 * @param fields the decisions made for the request so far, or {@code null} if none were recorded
	 * @return the 429 response, or the 503 response if the storage failed
	 */
	@ExceptionHandler(RateLimitedException.class)
	public ResponseEntity<ProblemDetail> handleRateLimited(RateLimitedException ex,
			@RequestAttribute(name = RateLimitFields.ATTRIBUTE,
					required = false) @Nullable RateLimitFields fields) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(ex)));
		if (this.rateLimitHeaders && !ex.isStorageFailed()) {
			RateLimitFields all = (fields != null) ? fields : new RateLimitFields();
			all.record(ex.getBucketName(), ex.getDrainTime(), ex.getState());
			all.writeTo(headers::set, this.clock.millis(), this.draft);
		}
		return ResponseEntity.status(status(ex)).headers(headers).body(createProblemDetail(ex));
	}

	/**
	 * Answers an invocation whose rate-limit key is null, without naming the method.
	 * @param ex the failure
	 * @return the 400 response
	 */
	@ExceptionHandler(MissingRateLimitKeyException.class)
	public ResponseEntity<ProblemDetail> handleMissingKey(MissingRateLimitKeyException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has no value for the rate-limit key of bucket '" + ex.getBucketName() + "'");
		problem.setProperty("bucket", ex.getBucketName());
		return ResponseEntity.badRequest().body(problem);
	}

	/**
	 * Creates the problem body: status 429 (or 503 if the storage failed), a detail naming the bucket and the wait,
	 * and the properties {@code bucket} and {@code retryAfter} (seconds).
	 * @param ex the rejection
	 * @return the problem detail
	 */
	protected ProblemDetail createProblemDetail(RateLimitedException ex) {
		long retryAfter = retryAfterSeconds(ex);
		String wait = "; retry after " + retryAfter + " second" + ((retryAfter != 1) ? "s" : "");
		String detail = ex.isStorageFailed()
				? "Rate limit of bucket '" + ex.getBucketName() + "' could not be checked" + wait
				: "Rate limit of bucket '" + ex.getBucketName() + "' exceeded" + wait;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(ex), detail);
		problem.setProperty("bucket", ex.getBucketName());
		problem.setProperty("retryAfter", retryAfter);
		return problem;
	}

	/**
	 * Returns the {@code Retry-After} of a rejection in whole seconds, rounded up: the configured wait after a storage
	 * failure, otherwise the time until the cost fits. Never less than one second, since {@code Retry-After: 0}
	 * invites an immediate retry.
	 * @param ex the rejection
	 * @return the seconds, at least 1
	 */
	protected long retryAfterSeconds(RateLimitedException ex) {
		Duration retryAfter = ex.isStorageFailed() ? this.storageFailureRetryAfter : ex.getRetryAfter();
		return Math.max(1, RateLimitHeaders.seconds(retryAfter));
	}

	private static HttpStatus status(RateLimitedException ex) {
		return ex.isStorageFailed() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS;
	}

}
