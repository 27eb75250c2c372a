package io.github.leakybucket.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.internal.BucketItemName;

/**
 * Turns {@code leakybucket.buckets.*} into checked {@link BucketConfig}s, failing with the name of the bad property.
 */
final class BucketConfigurations {

	private BucketConfigurations() {
	}

	static Map<String, BucketConfig> of(LeakyBucketProperties properties) {
		Map<String, BucketConfig> configs = new LinkedHashMap<>();
		properties.getBuckets().forEach((name, bucket) -> configs.put(name, of(name, bucket)));
		return configs;
	}

	private static BucketConfig of(String name, LeakyBucketProperties.BucketProperties bucket) {
		String prefix = "leakybucket.buckets." + name + ".";
		try {
			BucketItemName.checkName(name);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.buckets", name, ex.getMessage());
		}
		if (bucket.getCapacity() == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + "capacity", null,
					"every bucket needs a capacity");
		}
		if (bucket.getDrainTime() == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + "drain-time", null,
					"every bucket needs a drain time");
		}
		try {
			return new BucketConfig(bucket.getCapacity(), bucket.getDrainTime(), bucket.getReserve(),
					bucket.getFailureMode());
		}
		catch (IllegalArgumentException ex) {
			String message = ex.getMessage();
			if (message.startsWith("capacity")) {
				throw new InvalidConfigurationPropertyValueException(prefix + "capacity", bucket.getCapacity(), message);
			}
			if (message.startsWith("drainTime")) {
				throw new InvalidConfigurationPropertyValueException(prefix + "drain-time", bucket.getDrainTime(),
						message);
			}
			throw new InvalidConfigurationPropertyValueException(prefix + "reserve", bucket.getReserve(), message);
		}
	}

}
