package io.github.leakybucket.autoconfigure;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.kv.KeyValueStoreAutoConfiguration;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.limits.KeyValueStoreLimitResolver;
import io.github.leakybucket.limits.Limit;
import io.github.leakybucket.limits.LimitResolver;

import static org.assertj.core.api.Assertions.assertThat;

class LimitResolverConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class, LeakyBucketAutoConfiguration.class,
				KeyValueStoreAutoConfiguration.class))
		.withPropertyValues("leakybucket.buckets.notes.capacity=3", "leakybucket.buckets.notes.drain-time=1h",
				"leakybucket.buckets.notes.reserve=2", "leakybucket.dynamodb.api-call-timeout=30s");

	@Test
	void overridesGiveKeysTheirLimitAndTakeTheRestFromTheBucket() {
		this.contextRunner
			.withPropertyValues("leakybucket.buckets.notes.overrides.vip.capacity=6",
					"leakybucket.buckets.notes.overrides.slow.drain-time=2h",
					"leakybucket.buckets.notes.overrides.[team/a].capacity=1",
					"leakybucket.buckets.notes.overrides.[team/a].drain-time=1m")
			.run((context) -> {
				assertThat(context).hasSingleBean(LimitResolver.class);
				BucketRegistry registry = context.getBean(BucketRegistry.class);
				assertThat(registry.bucket("notes", "vip").capacity()).isEqualTo(6);
				assertThat(registry.bucket("notes", "vip").drainTime()).isEqualTo(Duration.ofHours(1));
				assertThat(registry.config("notes", "vip").reserve()).isEqualTo(2);
				assertThat(registry.bucket("notes", "slow").capacity()).isEqualTo(3);
				assertThat(registry.bucket("notes", "slow").drainTime()).isEqualTo(Duration.ofHours(2));
				assertThat(registry.config("notes", "team/a"))
					.satisfies((config) -> assertThat(config.capacity()).isOne())
					.satisfies((config) -> assertThat(config.reserve()).isOne());
				assertThat(registry.bucket("notes", "alice").capacity()).isEqualTo(3);
				assertThat(registry.limits("notes")).containsOnlyKeys("vip", "slow", "team/a");
			});
	}

	@Test
	void userLimitResolverReplacesTheConfiguredOne() {
		this.contextRunner.withPropertyValues("leakybucket.buckets.notes.overrides.vip.capacity=6")
			.withBean(LimitResolver.class,
					() -> (bucket, key) -> Optional.of(new Limit(key.length(), Duration.ofMinutes(1))))
			.run((context) -> {
				assertThat(context).hasSingleBean(LimitResolver.class)
					.doesNotHaveBean(ConfiguredLimitResolver.class);
				BucketRegistry registry = context.getBean(BucketRegistry.class);
				assertThat(registry.bucket("notes", "vip").capacity()).isEqualTo(3);
				assertThat(registry.bucket("notes", "alice").capacity()).isEqualTo(5);
			});
	}

	@Test
	void overrideCapacityBelowOneFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("leakybucket.buckets.notes.overrides.vip.capacity=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.buckets.notes.overrides.vip.capacity")
				.hasMessageContaining("capacity must be at least 1: 0"));
	}

	@Test
	void overrideDrainTimeOutOfRangeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("leakybucket.buckets.notes.overrides.vip.drain-time=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("leakybucket.buckets.notes.overrides.vip.drain-time")
				.hasMessageContaining("drainTime must be from 1ms"));
	}

	@Test
	void keyValueStoreLimitsTakePrecedenceOverTheOverrides() {
		this.contextRunner
			.withPropertyValues("leakybucket.buckets.notes.overrides.vip.capacity=6",
					"leakybucket.buckets.notes.overrides.gold.capacity=9",
					"leakybucket.limits.key-value-store.enabled=true",
					"leakybucket.limits.key-value-store.prefix=limits/")
			.run((context) -> {
				BucketRegistry registry = context.getBean(BucketRegistry.class);
				assertThat(registry.bucket("notes", "vip").capacity()).isEqualTo(6);
				context.getBean(KeyValueStore.class).put("limits/notes/vip", "12/PT1H");
				KeyValueStoreLimitResolver resolver = context.getBean(ConfiguredLimitResolver.class).keyValueStore();
				assertThat(resolver.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(resolver.refresh()).isTrue();
				assertThat(registry.bucket("notes", "vip").capacity()).isEqualTo(12);
				assertThat(registry.bucket("notes", "gold").capacity()).isEqualTo(9);
				assertThat(registry.limits("notes")).containsOnlyKeys("vip", "gold")
					.containsEntry("vip", new Limit(12, Duration.ofHours(1)));
			});
	}

	@Test
	void keyValueStoreLimitsWithoutAKeyValueStoreFailNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("leakybucket.limits.key-value-store.enabled=true", "leakybucket.kv.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("leakybucket.limits.key-value-store.enabled")
				.hasMessageContaining("there is no KeyValueStore"));
	}

	@Test
	void badRefreshIntervalFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("leakybucket.limits.key-value-store.enabled=true",
					"leakybucket.limits.key-value-store.refresh-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("leakybucket.limits.key-value-store.refresh-interval")
				.hasMessageContaining("refreshInterval must be from 1ms to one day"));
	}

}
