package io.github.leakybucket.autoconfigure.metrics;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbClientBuilderCustomizer;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.metrics.BucketMetrics;
import io.github.leakybucket.metrics.BucketStateRefresher;
import io.github.leakybucket.metrics.DynamoDbRequestMetrics;
import io.github.leakybucket.metrics.KeyValueStoreMetrics;
import io.github.leakybucket.metrics.LastKnownStates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("com.amazonaws.services.dynamodbv2.local"))
		.withConfiguration(AutoConfigurations.of(LeakyBucketDynamoDbAutoConfiguration.class,
				LeakyBucketAutoConfiguration.class, LeakyBucketMetricsAutoConfiguration.class))
		.withPropertyValues("leakybucket.dynamodb.region=eu-west-1", "leakybucket.buckets.api.capacity=10",
				"leakybucket.buckets.api.drain-time=1m")
		.withBean(BucketStorage.class, InMemoryBucketStorage::new);

	@Test
	void metricsBeansAreCreatedWithMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(LastKnownStates.class)
				.hasSingleBean(BucketMetrics.class)
				.hasSingleBean(BucketStateRefresher.class)
				.hasSingleBean(DynamoDbRequestMetrics.class)
				.hasSingleBean(KeyValueStoreMetrics.class)
				.hasBean("leakyBucketDynamoDbMetricsCustomizer");
		});
	}

	@Test
	void configuredBucketsHaveGaugesBeforeAnyDecision() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(BucketMetrics.CAPACITY).tag("bucket", "api").gauge().value()).isEqualTo(10);
			assertThat(registry.get(BucketMetrics.FILL).tag("bucket", "api").gauge().value()).isNaN();
		});
	}

	@Test
	void metricPublisherIsAddedToAutoConfiguredClientKeepingTimeouts() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			var configuration = context.getBean(DynamoDbClient.class).serviceClientConfiguration().overrideConfiguration();
			assertThat(configuration.metricPublishers()).contains(context.getBean(DynamoDbRequestMetrics.class));
			assertThat(configuration.apiCallTimeout()).hasValue(Duration.ofSeconds(1));
		});
	}

	@Test
	void refreshIsOffByDefault() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(BucketStateRefresher.class).isRunning()).isFalse());
	}

	@Test
	void refreshRunsWhenIntervalIsSet() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("leakybucket.metrics.refresh-interval=1h")
			.run((context) -> assertThat(context.getBean(BucketStateRefresher.class).isRunning()).isTrue());
	}

	@Test
	void backsOffWithoutMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(BucketMetrics.class)
			.doesNotHaveBean(DynamoDbRequestMetrics.class)
			.doesNotHaveBean("leakyBucketDynamoDbMetricsCustomizer"));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("io.micrometer.core", "com.amazonaws.services.dynamodbv2.local"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BucketMetrics.class));
	}

	@Test
	void backsOffToApplicationMetrics() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		BucketMetrics own = new BucketMetrics(registry, new LastKnownStates());
		this.contextRunner.withBean(MeterRegistry.class, () -> registry)
			.withBean(BucketMetrics.class, () -> own)
			.run((context) -> assertThat(context.getBean(BucketMetrics.class)).isSameAs(own));
	}

	@Test
	void applicationCustomizerNamedLikeOursReplacesIt() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("leakyBucketDynamoDbMetricsCustomizer", DynamoDbClientBuilderCustomizer.class,
					() -> (builder) -> {
					})
			.run((context) -> assertThat(
					context.getBean(DynamoDbClient.class).serviceClientConfiguration().overrideConfiguration()
						.metricPublishers())
				.isEmpty());
	}

}
