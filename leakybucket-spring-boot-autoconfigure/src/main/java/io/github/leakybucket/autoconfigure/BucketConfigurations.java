package io.github.leakybucket.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.internal.BucketItemName;
import io.github.leakybucket.limits.InvalidLimitException;
import io.github.leakybucket.limits.Limit;
import io.github.leakybucket.limits.StaticLimits;

/**
 * Turns {@code leakybucket.buckets.*} into checked {@link BucketConfig}s and per-key {@link Limit}s, failing with the
 * name of the bad property.
 */
final class BucketConfigurations {

	private BucketConfigurations() {
	}

	static Map<String, BucketConfig> of(LeakyBucketProperties properties) {
		Map<String, BucketConfig> configs = new LinkedHashMap<>();
		properties.getBuckets().forEach((name, bucket) -> configs.put(name, of(name, bucket)));
		return configs;
	}

	/**
	 * Returns the limits of {@code leakybucket.buckets.<name>.overrides.<key>}, each taking what it leaves unset from
	 * its bucket.
	 */
	static StaticLimits overrides(LeakyBucketProperties properties) {
		Map<String, BucketConfig> configs = of(properties);
		Map<String, Map<String, Limit>> limits = new LinkedHashMap<>();
		properties.getBuckets().forEach((name, bucket) -> {
			Map<String, Limit> byKey = new LinkedHashMap<>();
			bucket.getOverrides().forEach((key, limit) -> byKey.put(key, limit(name, key, limit, configs.get(name))));
			limits.put(name, byKey);
		});
		return new StaticLimits(limits);
	}

	private static Limit limit(String name, String key, LeakyBucketProperties.KeyLimit limit, BucketConfig config) {
		String prefix = "leakybucket.buckets." + name + ".overrides." + key;
		long capacity = (limit.getCapacity() != null) ? limit.getCapacity() : config.capacity();
		Duration drainTime = (limit.getDrainTime() != null) ? limit.getDrainTime() : config.drainTime();
		try {
			return new Limit(capacity, drainTime);
		}
		catch (InvalidLimitException ex) {
			boolean isCapacity = "capacity".equals(ex.parameter());
			throw new InvalidConfigurationPropertyValueException(prefix + (isCapacity ? ".capacity" : ".drain-time"),
					isCapacity ? capacity : drainTime, ex.getMessage());
		}
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
