package io.github.leakybucket.autoconfigure.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the auto-configured {@code Leases}, their lock views and their metrics.
 */
@ConfigurationProperties("leakybucket.leases")
public class LeaseProperties {

	/**
	 * Whether to auto-configure Leases on the table named by leakybucket.dynamodb.tables.kv.
	 */
	private boolean enabled = true;

	/**
	 * Partition of the key/value table that holds the lease rows, kept for leases only.
	 */
	private String partition = "leakybucket-leases";

	/**
	 * Identity of this instance, such as a host name, that prefixes the owner of every grant. Unset means the JVM's
	 * name plus a random suffix.
	 */
	private String ownerId;

	/**
	 * Time before the end of its duration at which a holder considers its lease lost. Unset means a tenth of each
	 * lease's duration.
	 */
	private Duration safetyMargin;

	/**
	 * Longest lease duration accepted; a longer one is refused as a mistake.
	 */
	private Duration maxDuration = Duration.ofHours(24);

	/**
	 * Largest difference between hosts' wall clocks, which opts in to taking over a lease once its recorded write
	 * is older than its duration plus this bound. Unset means a takeover waits until the lease was seen unchanged
	 * for a full duration.
	 */
	private Duration clockSkewBound;

	private final BackOff backOff = new BackOff();

	private final Lock lock = new Lock();

	private final Metrics metrics = new Metrics();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPartition() {
		return this.partition;
	}

	public void setPartition(String partition) {
		this.partition = partition;
	}

	public String getOwnerId() {
		return this.ownerId;
	}

	public void setOwnerId(String ownerId) {
		this.ownerId = ownerId;
	}

	public Duration getSafetyMargin() {
		return this.safetyMargin;
	}

	public void setSafetyMargin(Duration safetyMargin) {
		this.safetyMargin = safetyMargin;
	}

	public Duration getMaxDuration() {
		return this.maxDuration;
	}

	public void setMaxDuration(Duration maxDuration) {
		this.maxDuration = maxDuration;
	}

	public Duration getClockSkewBound() {
		return this.clockSkewBound;
	}

	public void setClockSkewBound(Duration clockSkewBound) {
		this.clockSkewBound = clockSkewBound;
	}

	public BackOff getBackOff() {
		return this.backOff;
	}

	public Lock getLock() {
		return this.lock;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Back-off of a blocking acquire.
	 */
	public static class BackOff {

		/**
		 * Bound of the first wait between attempts of a blocking acquire, each next bound being twice the previous.
		 */
		private Duration min = Duration.ofMillis(20);

		/**
		 * Largest bound of a wait between attempts of a blocking acquire.
		 */
		private Duration max = Duration.ofSeconds(1);

		public Duration getMin() {
			return this.min;
		}

		public void setMin(Duration min) {
			this.min = min;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

	}

	/**
	 * Lock views of leases.
	 */
	public static class Lock {

		/**
		 * Duration of the lease behind each lock, renewed in the background while locked.
		 */
		private Duration leaseDuration = Duration.ofSeconds(10);

		/**
		 * Prefix of the lease name of every lock of the Spring Integration lock registry.
		 */
		private String registryPrefix = "";

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public String getRegistryPrefix() {
			return this.registryPrefix;
		}

		public void setRegistryPrefix(String registryPrefix) {
			this.registryPrefix = registryPrefix;
		}

	}

	/**
	 * Metrics of lease operations.
	 */
	public static class Metrics {

		/**
		 * Whether to tag lease metrics with the lease name; turn it off when names are unbounded, such as one lease
		 * per entity.
		 */
		private boolean nameTag = true;

		public boolean isNameTag() {
			return this.nameTag;
		}

		public void setNameTag(boolean nameTag) {
			this.nameTag = nameTag;
		}

	}

}
