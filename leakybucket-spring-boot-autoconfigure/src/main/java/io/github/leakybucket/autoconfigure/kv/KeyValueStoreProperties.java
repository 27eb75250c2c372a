package io.github.leakybucket.autoconfigure.kv;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the auto-configured {@code KeyValueStore}.
 */
@ConfigurationProperties("leakybucket.kv")
public class KeyValueStoreProperties {

	/**
	 * Whether to auto-configure a KeyValueStore on the table named by leakybucket.dynamodb.tables.kv.
	 */
	private boolean enabled = true;

	/**
	 * Partition (hash key 'id') that keys go to unless a store scoped with partition(name) is used.
	 */
	private String defaultPartition = "default";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getDefaultPartition() {
		return this.defaultPartition;
	}

	public void setDefaultPartition(String defaultPartition) {
		this.defaultPartition = defaultPartition;
	}

}
