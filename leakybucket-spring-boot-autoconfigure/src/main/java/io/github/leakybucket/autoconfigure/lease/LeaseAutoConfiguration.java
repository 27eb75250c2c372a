package io.github.leakybucket.autoconfigure.lease;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbTableInitializer;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.kv.KeyValueStoreAutoConfiguration;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.LeaseListener;
import io.github.leakybucket.lease.Leases;
import io.github.leakybucket.lock.LeaseLocks;
import io.github.leakybucket.metrics.LeaseMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Auto-configuration of {@link Leases} in a partition of the key/value table named by
 * {@code leakybucket.dynamodb.tables.kv}, of {@link LeaseLocks lock views} of them, and of their metrics when
 * Micrometer is present. Every {@link LeaseListener} bean is told about every lease operation.
 */
@AutoConfiguration(after = { LeakyBucketDynamoDbAutoConfiguration.class, KeyValueStoreAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(DynamoDbLeaseTable.class)
@ConditionalOnBooleanProperty(name = "leakybucket.leases.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LeaseProperties.class)
public final class LeaseAutoConfiguration {

	private static final String PREFIX = "leakybucket.leases.";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DynamoDbClient.class)
	Leases leases(DynamoDbClient client, DynamoDbProperties dynamoDbProperties, LeaseProperties properties,
			DynamoDbTableInitializer tableInitializer, ObjectProvider<LeaseListener> listeners) {
		DynamoDbLeaseTable leaseTable = valid("partition", properties.getPartition(),
				() -> DynamoDbLeaseTable.create(client, dynamoDbProperties.getTables().getKv(),
						properties.getPartition()));
		Leases.Builder builder = Leases.builder(leaseTable);
		if (properties.getOwnerId() != null) {
			valid("owner-id", properties.getOwnerId(), () -> builder.ownerId(properties.getOwnerId()));
		}
		if (properties.getSafetyMargin() != null) {
			valid("safety-margin", properties.getSafetyMargin(),
					() -> builder.safetyMargin(properties.getSafetyMargin()));
		}
		valid("max-duration", properties.getMaxDuration(), () -> builder.maxDuration(properties.getMaxDuration()));
		if (properties.getClockSkewBound() != null) {
			valid("clock-skew-bound", properties.getClockSkewBound(),
					() -> builder.clockSkewBound(properties.getClockSkewBound()));
		}
		LeaseProperties.BackOff backOff = properties.getBackOff();
		valid("back-off.min", backOff.getMin(), () -> builder.backOff(backOff.getMin(), backOff.getMin()));
		valid("back-off.max", backOff.getMax(), () -> builder.backOff(backOff.getMin(), backOff.getMax()));
		builder.listener(LeaseListener.allOf(listeners.orderedStream().toList()));
		tableInitializer.initialize("leakybucket.dynamodb.tables.kv", dynamoDbProperties.getTables().getKv(),
				TableLayout.KEY_VALUE);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Leases.class)
	LeaseLocks leaseLocks(Leases leases, LeaseProperties properties) {
		LeaseProperties.Lock lock = properties.getLock();
		if (lock.getLeaseDuration() != null && properties.getMaxDuration() != null
				&& lock.getLeaseDuration().compareTo(properties.getMaxDuration()) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "lock.lease-duration",
					lock.getLeaseDuration(), "it must not be over leakybucket.leases.max-duration ("
							+ properties.getMaxDuration() + ")");
		}
		if (lock.getLeaseDuration() != null && properties.getSafetyMargin() != null
				&& lock.getLeaseDuration().compareTo(properties.getSafetyMargin()) <= 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "lock.lease-duration",
					lock.getLeaseDuration(), "it must be longer than leakybucket.leases.safety-margin ("
							+ properties.getSafetyMargin() + ")");
		}
		return valid("lock.lease-duration", lock.getLeaseDuration(),
				() -> new LeaseLocks(leases, lock.getLeaseDuration()));
	}

	private static <T> T valid(String property, Object value, Supplier<T> apply) {
		try {
			return apply.get();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, ex.getMessage());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, LeaseMetrics.class })
	static class LeaseMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MeterRegistry.class)
		LeaseMetrics leakyBucketLeaseMetrics(MeterRegistry registry, LeaseProperties properties) {
			return new LeaseMetrics(registry, properties.getMetrics().isNameTag());
		}

	}

}
