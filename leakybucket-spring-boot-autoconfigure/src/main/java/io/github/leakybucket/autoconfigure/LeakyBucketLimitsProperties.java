package io.github.leakybucket.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of per-key limits that are not in {@code leakybucket.buckets.<name>.overrides}.
 */
@ConfigurationProperties("leakybucket.limits")
public class LeakyBucketLimitsProperties {

	private final KeyValueStore keyValueStore = new KeyValueStore();

	public KeyValueStore getKeyValueStore() {
		return this.keyValueStore;
	}

	/**
	 * Per-key limits read from the key/value store, which take precedence over the static overrides.
	 */
	public static class KeyValueStore {

		/**
		 * Whether per-key limits are read from the key/value store.
		 */
		private boolean enabled;

		/**
		 * Time between two reads of the limits; a changed limit takes effect within it.
		 */
		private Duration refreshInterval = Duration.ofSeconds(30);

		/**
		 * Prefix of the keys that hold limits, each followed by the bucket name, a slash and the key.
		 */
		private String prefix = "leakybucket/limits/";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

}
