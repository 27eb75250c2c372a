package io.github.leakybucket.web;

import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.annotation.RateLimitedDecisionObserver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes {@code RateLimit-Policy} and {@code RateLimit} to the current servlet response when a
 * {@link io.github.leakybucket.annotation.RateLimited @RateLimited} invocation decides.
 * <p>
 * Each decision is recorded in the request's {@link RateLimitFields}, together with those of the rate-limit rules
 * and of other rate-limited invocations of the same request, and both fields are rewritten from them: the policy
 * field lists every bucket, the limit field names the most restrictive. The fields are set before the method runs,
 * so before the body is written, and survive a {@code ResponseEntity} that adds headers of its own. A rejection's
 * response is written by {@link RateLimitedExceptionHandler} from the same record. A call that a fail-open bucket
 * admitted because its storage failed adds no fields: its state is a guess, not the limit. Outside a servlet request
 * this does nothing.
 */
public class RateLimitHeadersObserver implements RateLimitedDecisionObserver {

	private final InstantSource clock;

	private final RateLimitHeaders.Draft draft;

	/**
	 * Creates an observer on the system clock, writing draft-11 fields.
	 */
	public RateLimitHeadersObserver() {
		this(InstantSource.system(), RateLimitHeaders.Draft.DRAFT_11);
	}

	/**
	 * Creates an observer writing draft-11 fields.
	 * @param clock the clock the seconds of {@code t} are measured on
	 */
	public RateLimitHeadersObserver(InstantSource clock) {
		this(clock, RateLimitHeaders.Draft.DRAFT_11);
	}

	/**
	 * Creates an observer.
	 * @param clock the clock the seconds of {@code t} are measured on
	 * @param draft the meaning of {@code t}
	 */
	public RateLimitHeadersObserver(InstantSource clock, RateLimitHeaders.Draft draft) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.draft = Objects.requireNonNull(draft, "draft");
	}

	@Override
	public void onDecision(Bucket bucket, BucketState state) {
		if (state.storageFailed()) {
			return;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servletAttributes)) {
			return;
		}
		RateLimitFields fields = fields(servletAttributes.getRequest());
		fields.record(bucket.name(), bucket.drainTime(), state);
		HttpServletResponse response = servletAttributes.getResponse();
		if (response != null && !response.isCommitted()) {
			fields.writeTo(response::setHeader, this.clock.millis(), this.draft);
		}
	}

	/**
	 * Returns the rate-limit fields of a request, adding them to its attributes if it has none yet.
	 * @param request the request
	 * @return its fields
	 */
	public static RateLimitFields fields(HttpServletRequest request) {
		Object fields = request.getAttribute(RateLimitFields.ATTRIBUTE);
		if (fields instanceof RateLimitFields existing) {
			return existing;
		}
		RateLimitFields created = new RateLimitFields();
		request.setAttribute(RateLimitFields.ATTRIBUTE, created);
		return created;
	}

}
