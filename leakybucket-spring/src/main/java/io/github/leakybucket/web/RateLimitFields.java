package io.github.leakybucket.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import io.github.leakybucket.BucketState;
import org.jspecify.annotations.Nullable;

/**
 * The rate-limit decisions made for one request, by rules and annotations alike, from which the
 * {@code RateLimit-Policy} and {@code RateLimit} fields are written: the policy field lists every bucket that decided,
 * and the limit field names the most restrictive one. Kept in the request's (or exchange's) attribute
 * {@link #ATTRIBUTE}.
 * <p>
 * The most restrictive bucket is the one that rejected the request, if one did; otherwise the one with the fewest
 * remaining units, the later reset winning a tie. Decisions answered by a failure mode because the storage failed
 * are left out: their state is a guess, not the limit. A bucket that decides twice keeps its last decision, and its
 * place in the policy field.
 */
public final class RateLimitFields {

	/** Name of the request attribute that holds the fields of the current request. */
	public static final String ATTRIBUTE = "io.github.leakybucket.web.RateLimitFields";

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	/**
	 * Records a decision.
	 * @param bucketName the bucket name
	 * @param drainTime how long the full bucket takes to drain
	 * @param state the state the decision saw
	 */
	public synchronized void record(String bucketName, Duration drainTime, BucketState state) {
		if (state.storageFailed()) {
			return;
		}
		this.entries.put(bucketName, new Entry(bucketName, state.capacity(), drainTime, state));
	}

	/**
	 * Records a bucket that applies to the request but did not decide, because another limit rejected the request
	 * first: it is listed in the policy field only.
	 * @param bucketName the bucket name
	 * @param capacity units the bucket holds
	 * @param drainTime how long the full bucket takes to drain
	 */
	public synchronized void recordPolicy(String bucketName, long capacity, Duration drainTime) {
		this.entries.putIfAbsent(bucketName, new Entry(bucketName, capacity, drainTime, null));
	}

	/**
	 * Returns whether no decision was recorded.
	 * @return {@code true} if there is nothing to write
	 */
	public synchronized boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/**
	 * Returns the {@code RateLimit-Policy} value: one item per bucket, in the order they were first recorded.
	 * @return the field value, or {@code null} if nothing was recorded
	 */
	public synchronized @Nullable String policy() {
		if (this.entries.isEmpty()) {
			return null;
		}
		List<String> items = new ArrayList<>(this.entries.size());
		this.entries.values()
			.forEach((entry) -> items.add(RateLimitHeaders.policy(entry.name, entry.capacity, entry.drainTime)));
		return String.join(", ", items);
	}

	/**
	 * Returns the {@code RateLimit} value: the item of the most restrictive bucket.
	 * @param nowMillis the current time, in milliseconds since the epoch
	 * @param draft the meaning of {@code t}
	 * @return the field value, or {@code null} if nothing was recorded
	 */
	public synchronized @Nullable String limit(long nowMillis, RateLimitHeaders.Draft draft) {
		Entry restrictive = null;
		for (Entry entry : this.entries.values()) {
			if (entry.state == null) {
				continue;
			}
			if (restrictive == null || entry.isMoreRestrictiveThan(restrictive)) {
				restrictive = entry;
			}
		}
		if (restrictive == null) {
			return null;
		}
		BucketState state = Objects.requireNonNull(restrictive.state);
		return RateLimitHeaders.limit(restrictive.name, state.capacity(), restrictive.drainTime, state.remaining(),
				state.reset(), nowMillis, draft);
	}

	/**
	 * Writes both fields, unless nothing was recorded.
	 * @param header sets a response header, replacing any value it had
	 * @param nowMillis the current time, in milliseconds since the epoch
	 * @param draft the meaning of {@code t}
	 */
	public synchronized void writeTo(BiConsumer<String, String> header, long nowMillis, RateLimitHeaders.Draft draft) {
		String policy = policy();
		String limit = limit(nowMillis, draft);
		if (policy != null && limit != null) {
			header.accept(RateLimitHeaders.RATE_LIMIT_POLICY, policy);
			header.accept(RateLimitHeaders.RATE_LIMIT, limit);
		}
	}

	private record Entry(String name, long capacity, Duration drainTime, @Nullable BucketState state) {

		boolean isMoreRestrictiveThan(Entry other) {
			Objects.requireNonNull(this.state);
			Objects.requireNonNull(other.state);
			if (this.state.admitted() != other.state.admitted()) {
				return !this.state.admitted();
			}
			if (this.state.remaining() != other.state.remaining()) {
				return this.state.remaining() < other.state.remaining();
			}
			return this.state.reset().isAfter(other.state.reset());
		}

	}

}
