package io.github.leakybucket.autoconfigure.actuate;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.actuate.LeakyBucketHealthIndicator;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.circuit.CircuitStates;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Auto-configuration of the {@code leakybucket} health contributor: the DynamoDB tables that the application's
 * bucket storage and key/value store use, checked at most once per {@code leakybucket.actuator.health-check-interval},
 * each call bounded by {@code leakybucket.actuator.health-timeout} and never longer than
 * {@code leakybucket.dynamodb.admin-timeout}. Its details also show the state of each bucket name's circuit breaker,
 * which never turns the health {@code DOWN}.
 */
@AutoConfiguration(after = { LeakyBucketDynamoDbAutoConfiguration.class, LeakyBucketAutoConfiguration.class })
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(DynamoDbClient.class)
@EnableConfigurationProperties(LeakyBucketActuatorProperties.class)
public final class LeakyBucketHealthContributorAutoConfiguration {

	// On the method, not the class: a class-level condition would be loaded even when the health module is absent.
	@Bean
	@ConditionalOnEnabledHealthIndicator("leakybucket")
	@ConditionalOnMissingBean(name = "leakybucketHealthIndicator")
	LeakyBucketHealthIndicator leakybucketHealthIndicator(DynamoDbClient client,
			ObjectProvider<DynamoDbProperties> dynamoDbProperties, ObjectProvider<BucketStorage> bucketStorage,
			ObjectProvider<KeyValueStore> keyValueStore, ObjectProvider<BucketRegistry> bucketRegistry,
			LeakyBucketActuatorProperties properties) {
		DynamoDbProperties dynamoDb = dynamoDbProperties.getIfAvailable(DynamoDbProperties::new);
		DynamoDbProperties.Tables names = dynamoDb.getTables();
		Map<String, TableLayout> tables = new LinkedHashMap<>();
		BucketStorage storage = bucketStorage.getIfUnique();
		if (storage instanceof DynamoDbBucketStorage) {
			tables.put(names.getBuckets(), TableLayout.BUCKETS);
		}
		BucketRegistry buckets = bucketRegistry.getIfUnique();
		CircuitStates circuits = (storage != null && buckets != null) ? CircuitStates.of(buckets, storage) : null;
		if (keyValueStore.getIfUnique() instanceof DynamoDbKeyValueStore) {
			tables.put(names.getKv(), TableLayout.KEY_VALUE);
		}
		return new LeakyBucketHealthIndicator(client, tables, callTimeout(properties, dynamoDb),
				checkInterval(properties), InstantSource.system(), circuits);
	}

	private static Duration callTimeout(LeakyBucketActuatorProperties properties, DynamoDbProperties dynamoDb) {
		Duration timeout = properties.getHealthTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.actuator.health-timeout", timeout,
					"it must be positive, such as 500ms");
		}
		Duration adminTimeout = dynamoDb.getAdminTimeout();
		return (adminTimeout != null && adminTimeout.compareTo(timeout) < 0) ? adminTimeout : timeout;
	}

	private static Duration checkInterval(LeakyBucketActuatorProperties properties) {
		Duration interval = properties.getHealthCheckInterval();
		if (interval == null || interval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.actuator.health-check-interval",
					interval, "it must be zero (check on every request) or positive, such as 10s");
		}
		return interval;
	}

}
