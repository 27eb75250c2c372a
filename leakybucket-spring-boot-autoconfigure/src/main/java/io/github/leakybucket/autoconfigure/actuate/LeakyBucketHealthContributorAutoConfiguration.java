package io.github.leakybucket.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.actuate.LeakyBucketHealthIndicator;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Auto-configuration of the {@code leakybucket} health contributor: the DynamoDB tables that the application's
 * bucket storage and key/value store use.
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
			ObjectProvider<KeyValueStore> keyValueStore, LeakyBucketActuatorProperties properties) {
		DynamoDbProperties.Tables names = dynamoDbProperties.getIfAvailable(DynamoDbProperties::new).getTables();
		Map<String, TableLayout> tables = new LinkedHashMap<>();
		if (bucketStorage.getIfUnique() instanceof DynamoDbBucketStorage) {
			tables.put(names.getBuckets(), TableLayout.BUCKETS);
		}
		if (keyValueStore.getIfUnique() instanceof DynamoDbKeyValueStore) {
			tables.put(names.getKv(), TableLayout.KEY_VALUE);
		}
		return new LeakyBucketHealthIndicator(client, tables, properties.getHealthTimeout());
	}

}
