package io.github.leakybucket.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.limits.KeyValueStoreLimitResolver;
import io.github.leakybucket.limits.LimitResolver;
import io.github.leakybucket.limits.StaticLimits;

/**
 * The {@link LimitResolver} of per-key buckets: the overrides of {@code leakybucket.buckets.<name>.overrides}, and
 * with {@code leakybucket.limits.key-value-store.enabled=true}, ahead of them, the limits kept in the
 * {@link KeyValueStore}, read once at start-up and then on every refresh interval. A {@link LimitResolver} bean of the
 * application's replaces both.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeakyBucketLimitsProperties.class)
final class LimitResolverConfiguration {

	@Bean
	@ConditionalOnMissingBean(LimitResolver.class)
	@ConditionalOnBean(BucketStorage.class)
	ConfiguredLimitResolver leakyBucketLimitResolver(LeakyBucketProperties properties,
			LeakyBucketLimitsProperties limitsProperties, ObjectProvider<KeyValueStore> store) {
		StaticLimits overrides = BucketConfigurations.overrides(properties);
		LeakyBucketLimitsProperties.KeyValueStore kv = limitsProperties.getKeyValueStore();
		if (!kv.isEnabled()) {
			return new ConfiguredLimitResolver(overrides, null);
		}
		KeyValueStore keyValueStore = store.getIfAvailable();
		if (keyValueStore == null) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.limits.key-value-store.enabled", true,
					"there is no KeyValueStore: it needs a DynamoDbClient and leakybucket.kv.enabled=true");
		}
		KeyValueStoreLimitResolver.Builder builder = KeyValueStoreLimitResolver.builder(keyValueStore);
		try {
			builder.refreshInterval(kv.getRefreshInterval());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.limits.key-value-store.refresh-interval",
					kv.getRefreshInterval(), ex.getMessage());
		}
		try {
			builder.prefix(kv.getPrefix());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.limits.key-value-store.prefix",
					kv.getPrefix(), ex.getMessage());
		}
		KeyValueStoreLimitResolver resolver = builder.build();
		// Read at start-up, so that no lookup waits for the first read; a failure is logged and retried later.
		resolver.refresh();
		return new ConfiguredLimitResolver(overrides, resolver);
	}

}
