package io.github.leakybucket.web;

import java.time.Duration;
import java.time.Instant;

/**
 * Formats the rate-limit fields of {@code draft-ietf-httpapi-ratelimit-headers-10} and {@code Retry-After}.
 * <p>
 * {@code RateLimit-Policy: "demo";q=10;w=10} names a bucket, its capacity ({@code q}) and its drain time in seconds
 * ({@code w}). {@code RateLimit: "demo";r=3;t=7} gives the units that remain ({@code r}) and the seconds until the
 * bucket is empty ({@code t}). Seconds are whole and rounded up.
 */
public final class RateLimitHeaders {

	/** Name of the field that describes the bucket's policy. */
	public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	/** Name of the field that describes the bucket's current state. */
	public static final String RATE_LIMIT = "RateLimit";

	private RateLimitHeaders() {
	}

	/**
	 * Returns the {@code RateLimit-Policy} value of a bucket.
	 * @param bucketName the bucket name
	 * @param capacity units the bucket holds
	 * @param drainTime how long the full bucket takes to drain
	 * @return the field value
	 */
	public static String policy(String bucketName, long capacity, Duration drainTime) {
		return quote(bucketName) + ";q=" + capacity + ";w=" + seconds(drainTime);
	}

	/**
	 * Returns the {@code RateLimit} value of a bucket.
	 * @param bucketName the bucket name
	 * @param remaining units that fit now
	 * @param reset when the bucket will be empty
	 * @param nowMillis the current time, in milliseconds since the epoch
	 * @return the field value
	 */
	public static String limit(String bucketName, long remaining, Instant reset, long nowMillis) {
		long untilReset = Math.max(0, reset.toEpochMilli() - nowMillis);
		return quote(bucketName) + ";r=" + remaining + ";t=" + ((untilReset + 999) / 1000);
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

	private static String quote(String value) {
		if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
			return "\"" + value + "\"";
		}
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
