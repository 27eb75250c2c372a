package io.github.leakybucket.autoconfigure;

import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.leakybucket.limits.KeyValueStoreLimitResolver;
import io.github.leakybucket.limits.Limit;
import io.github.leakybucket.limits.LimitResolver;
import io.github.leakybucket.limits.StaticLimits;

/**
 * The configured per-key limits: those of the key/value store, if enabled, then the static overrides. Closing it
 * stops the key/value store's refreshes.
 */
final class ConfiguredLimitResolver implements LimitResolver, AutoCloseable {

	private final @Nullable KeyValueStoreLimitResolver keyValueStore;

	private final LimitResolver resolver;

	ConfiguredLimitResolver(StaticLimits overrides, @Nullable KeyValueStoreLimitResolver keyValueStore) {
		this.keyValueStore = keyValueStore;
		this.resolver = (keyValueStore != null) ? LimitResolver.firstOf(keyValueStore, overrides) : overrides;
	}

	@Override
	public Optional<Limit> limit(String bucket, String key) {
		return this.resolver.limit(bucket, key);
	}

	@Override
	public Map<String, Limit> limits(String bucket) {
		return this.resolver.limits(bucket);
	}

	@Nullable KeyValueStoreLimitResolver keyValueStore() {
		return this.keyValueStore;
	}

	@Override
	public void close() {
		if (this.keyValueStore != null) {
			this.keyValueStore.close();
		}
	}

}
