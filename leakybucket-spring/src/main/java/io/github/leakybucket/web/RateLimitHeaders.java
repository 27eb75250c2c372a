package io.github.leakybucket.web;

import java.time.Duration;
import java.time.Instant;

/**
 * Formats the {@code RateLimit-Policy} and {@code RateLimit} fields of {@code draft-ietf-httpapi-ratelimit-headers}
 * and {@code Retry-After}, for a leaky bucket of capacity {@code C} that drains in {@code D}.
 * <p>
 * {@code RateLimit-Policy: "demo";q=10;w=10} names a bucket, its capacity ({@code q = C}) and its drain time in
 * seconds ({@code w = D}): the bucket takes up to {@code q} units at once and lets {@code q} more through every
 * {@code w} seconds. {@code RateLimit: "demo";r=3;t=1} gives the units that fit now ({@code r}) and a time
 * ({@code t}) whose meaning changed between drafts (see {@link Draft}). Seconds are whole and rounded up, never less
 * than one for {@code t}.
 */
public final class RateLimitHeaders {

	/** Name of the field that describes the bucket's policy. */
	public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	/** Name of the field that describes the bucket's current state. */
	public static final String RATE_LIMIT = "RateLimit";

	private RateLimitHeaders() {
	}

	/**
	 * The draft whose meaning of {@code t} the {@code RateLimit} field follows.
	 */
	public enum Draft {

		/**
		 * {@code draft-ietf-httpapi-ratelimit-headers-10}: {@code t} is the reset, sent as the seconds until the
		 * bucket is empty, when its whole quota is available again. What earlier versions sent.
		 */
		DRAFT_10,

		/**
		 * {@code draft-ietf-httpapi-ratelimit-headers-11}: {@code t} is the effective window, within which the client
		 * can use no more than {@code r} units. For a leaky bucket that is the time until the level has drained by
		 * one more unit, so that {@code r + 1} would fit: at most {@code D / C}. Rounded up, so a client that keeps
		 * to {@code r} units within {@code t} seconds is never rejected by this bucket.
		 */
		DRAFT_11

	}

	/**
	 * Returns the {@code RateLimit-Policy} item of a bucket.
	 * @param bucketName the bucket name
	 * @param capacity units the bucket holds
	 * @param drainTime how long the full bucket takes to drain
	 * @return the item
	 */
	public static String policy(String bucketName, long capacity, Duration drainTime) {
		return quote(bucketName) + ";q=" + capacity + ";w=" + seconds(drainTime);
	}

	/**
	 * Returns the {@code RateLimit} item of a bucket.
	 * @param bucketName the bucket name
	 * @param capacity units the bucket holds
	 * @param drainTime how long the full bucket takes to drain
	 * @param remaining units that fit
	 * @param reset when the bucket will be empty
	 * @param nowMillis the current time, in milliseconds since the epoch
	 * @param draft the meaning of {@code t}
	 * @return the item
	 */
	public static String limit(String bucketName, long capacity, Duration drainTime, long remaining, Instant reset,
			long nowMillis, Draft draft) {
		long untilEmptyMillis = Math.max(0, reset.toEpochMilli() - nowMillis);
		long t = (draft == Draft.DRAFT_10) ? (untilEmptyMillis + 999) / 1000
				: effectiveWindowSeconds(capacity, drainTime, remaining, untilEmptyMillis);
		return quote(bucketName) + ";r=" + remaining + ";t=" + t;
	}

	/**
	 * Returns the seconds until the level has drained far enough for {@code remaining + 1} units to fit: with level
	 * {@code L = untilEmpty * C / D}, {@code (L - (C - remaining - 1)) * D / C}, rounded up and at least one.
	 */
	private static long effectiveWindowSeconds(long capacity, Duration drainTime, long remaining,
			long untilEmptyMillis) {
		double unitMillis = drainTime.toMillis() / (double) capacity;
		double untilNextUnit = untilEmptyMillis - (capacity - remaining - 1) * unitMillis;
		return Math.max(1, (long) Math.ceil(Math.min(untilNextUnit, unitMillis) / 1000));
	}

	/**
	 * Returns a duration in whole seconds, rounded up, as {@code Retry-After} and the fields above want it.
	 * @param duration the duration
	 * @return the seconds, never negative
	 */
	public static long seconds(Duration duration) {
		if (duration.isNegative()) {
			return 0;
		}
		return duration.getSeconds() + ((duration.getNano() > 0) ? 1 : 0);
	}

	static String quote(String value) {
		if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
			return "\"" + value + "\"";
		}
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
