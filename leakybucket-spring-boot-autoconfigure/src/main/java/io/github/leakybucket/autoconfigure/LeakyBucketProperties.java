package io.github.leakybucket.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.leakybucket.FailureMode;

/**
 * Configuration properties of leakybucket's buckets.
 */
@ConfigurationProperties("leakybucket")
public class LeakyBucketProperties {

	/**
	 * Buckets by name.
	 */
	private Map<String, BucketProperties> buckets = new LinkedHashMap<>();

	/**
	 * Whether a JVM answers certain rejections itself, from the level it last saw, without a request.
	 */
	private boolean localRejection = true;

	/**
	 * Whether buckets decide on the asynchronous DynamoDB client, so that tryAddAsync blocks no thread. Unset means
	 * only in a reactive web application.
	 */
	private Boolean async;

	/**
	 * Maximum number of per-key bucket handles, and the levels they remember, kept in memory.
	 */
	private long maxKeyedBuckets = 100_000;

	/**
	 * Shortest interval between two warnings about failing decisions of one bucket.
	 */
	private Duration failureWarningInterval = Duration.ofMinutes(1);

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	public Map<String, BucketProperties> getBuckets() {
		return this.buckets;
	}

	public void setBuckets(Map<String, BucketProperties> buckets) {
		this.buckets = buckets;
	}

	public boolean isLocalRejection() {
		return this.localRejection;
	}

	public void setLocalRejection(boolean localRejection) {
		this.localRejection = localRejection;
	}

	public Boolean getAsync() {
		return this.async;
	}

	public void setAsync(Boolean async) {
		this.async = async;
	}

	public long getMaxKeyedBuckets() {
		return this.maxKeyedBuckets;
	}

	public void setMaxKeyedBuckets(long maxKeyedBuckets) {
		this.maxKeyedBuckets = maxKeyedBuckets;
	}

	public Duration getFailureWarningInterval() {
		return this.failureWarningInterval;
	}

	public void setFailureWarningInterval(Duration failureWarningInterval) {
		this.failureWarningInterval = failureWarningInterval;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Circuit breaker of each bucket name: when enough of the recent runs of requests to DynamoDB fail, decisions
	 * answer by the bucket's failure mode without a request until a single probe succeeds.
	 */
	public static class CircuitBreaker {

		/**
		 * Percentage of failed runs of requests within the sliding window at or above which the circuit opens.
		 */
		private float failureRateThreshold = 60;

		/**
		 * Number of runs of requests within the sliding window before the failure rate can open the circuit.
		 */
		private int minimumNumberOfCalls = 2;

		/**
		 * Time over which the failure rate is measured, in whole seconds.
		 */
		private Duration slidingWindow = Duration.ofSeconds(2);

		/**
		 * Time an open circuit answers without requests before it lets one probe through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(1);

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getSlidingWindow() {
			return this.slidingWindow;
		}

		public void setSlidingWindow(Duration slidingWindow) {
			this.slidingWindow = slidingWindow;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

	}

	/**
	 * One named bucket.
	 */
	public static class BucketProperties {

		/**
		 * Units the bucket holds.
		 */
		private Long capacity;

		/**
		 * Time a full bucket takes to drain.
		 */
		private Duration drainTime;

		/**
		 * Units each JVM reserves ahead with one write and hands out locally; 0 disables reserve-ahead.
		 */
		private long reserve;

		/**
		 * What a decision answers when DynamoDB fails or times out.
		 */
		private FailureMode failureMode = FailureMode.FAIL_OPEN;

		/**
		 * Limits of single keys, by key, in place of the bucket's capacity and drain time.
		 */
		private Map<String, KeyLimit> overrides = new LinkedHashMap<>();

		public Long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(Long capacity) {
			this.capacity = capacity;
		}

		public Duration getDrainTime() {
			return this.drainTime;
		}

		public void setDrainTime(Duration drainTime) {
			this.drainTime = drainTime;
		}

		public long getReserve() {
			return this.reserve;
		}

		public void setReserve(long reserve) {
			this.reserve = reserve;
		}

		public FailureMode getFailureMode() {
			return this.failureMode;
		}

		public void setFailureMode(FailureMode failureMode) {
			this.failureMode = failureMode;
		}

		public Map<String, KeyLimit> getOverrides() {
			return this.overrides;
		}

		public void setOverrides(Map<String, KeyLimit> overrides) {
			this.overrides = overrides;
		}

	}

	/**
	 * Limit of one key of a bucket; what it leaves unset is the bucket's.
	 */
	public static class KeyLimit {

		/**
		 * Units the key's bucket holds, in place of the bucket's capacity.
		 */
		private Long capacity;

		/**
		 * Time the key's full bucket takes to drain, in place of the bucket's drain time.
		 */
		private Duration drainTime;

		public Long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(Long capacity) {
			this.capacity = capacity;
		}

		public Duration getDrainTime() {
			return this.drainTime;
		}

		public void setDrainTime(Duration drainTime) {
			this.drainTime = drainTime;
		}

	}

}
