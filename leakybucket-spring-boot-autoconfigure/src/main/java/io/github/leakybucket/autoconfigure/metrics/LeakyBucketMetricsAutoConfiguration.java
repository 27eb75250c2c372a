package io.github.leakybucket.autoconfigure.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbClientBuilderCustomizer;
import io.github.leakybucket.circuit.CircuitStates;
import io.github.leakybucket.metrics.BucketMetrics;
import io.github.leakybucket.metrics.BucketStateRefresher;
import io.github.leakybucket.metrics.CircuitBreakerMetrics;
import io.github.leakybucket.metrics.DynamoDbRequestMetrics;
import io.github.leakybucket.metrics.KeyValueStoreMetrics;
import io.github.leakybucket.metrics.LastKnownStates;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Auto-configuration of leakybucket's Micrometer metrics: decision counters and bucket gauges, the gauges of each
 * bucket name's circuit breaker, the timer of DynamoDB calls (installed on the auto-configured client only) and the timer of key/value operations.
 */
@AutoConfiguration(after = LeakyBucketAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, BucketMetrics.class })
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(LeakyBucketMetricsProperties.class)
public final class LeakyBucketMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LastKnownStates leakyBucketLastKnownStates() {
		return new LastKnownStates();
	}

	@Bean
	@ConditionalOnMissingBean
	BucketMetrics leakyBucketMetrics(MeterRegistry registry, LastKnownStates states) {
		return new BucketMetrics(registry, states);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(BucketRegistry.class)
	BucketStateRefresher leakyBucketStateRefresher(BucketRegistry buckets, LastKnownStates states,
			LeakyBucketMetricsProperties properties) {
		return new BucketStateRefresher(buckets, states, properties.getRefreshInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ BucketRegistry.class, BucketStorage.class })
	CircuitBreakerMetrics leakyBucketCircuitBreakerMetrics(MeterRegistry registry, BucketRegistry buckets,
			BucketStorage storage) {
		return new CircuitBreakerMetrics(registry, CircuitStates.of(buckets, storage));
	}

	@Bean
	@ConditionalOnMissingBean
	DynamoDbRequestMetrics leakyBucketDynamoDbRequestMetrics(MeterRegistry registry) {
		return new DynamoDbRequestMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "leakyBucketDynamoDbMetricsCustomizer")
	DynamoDbClientBuilderCustomizer leakyBucketDynamoDbMetricsCustomizer(DynamoDbRequestMetrics metrics) {
		return (builder) -> builder.overrideConfiguration(
				builder.overrideConfiguration().toBuilder().addMetricPublisher(metrics).build());
	}

	@Bean
	@ConditionalOnMissingBean
	KeyValueStoreMetrics leakyBucketKeyValueStoreMetrics(MeterRegistry registry) {
		return new KeyValueStoreMetrics(registry);
	}

}
