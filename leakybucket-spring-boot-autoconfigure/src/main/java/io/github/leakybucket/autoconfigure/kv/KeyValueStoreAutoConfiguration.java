package io.github.leakybucket.autoconfigure.kv;

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
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.util.StringUtils;

import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbTableInitializer;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.JsonValueCodec;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.KeyValueStoreListener;
import io.github.leakybucket.kv.ValueCodec;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import tools.jackson.databind.json.JsonMapper;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Auto-configuration of a {@link KeyValueStore} on the table named by {@code leakybucket.dynamodb.tables.kv}. Typed
 * values are stored as JSON through the application's Jackson {@link JsonMapper} when there is one.
 */
@AutoConfiguration(after = LeakyBucketDynamoDbAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(DynamoDbKeyValueStore.class)
@ConditionalOnBooleanProperty(name = "leakybucket.kv.enabled", matchIfMissing = true)
@EnableConfigurationProperties(KeyValueStoreProperties.class)
@ImportRuntimeHints(KeyValueStoreRuntimeHints.class)
public final class KeyValueStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(KeyValueStore.class)
	@ConditionalOnBean(DynamoDbClient.class)
	DynamoDbKeyValueStore keyValueStore(DynamoDbClient client, DynamoDbProperties dynamoDbProperties,
			KeyValueStoreProperties properties, DynamoDbTableInitializer tableInitializer,
			ObjectProvider<ValueCodec> codec, ObjectProvider<KeyValueStoreListener> listeners) {
		if (!StringUtils.hasText(properties.getDefaultPartition())) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.kv.default-partition",
					properties.getDefaultPartition(), "the partition must not be empty");
		}
		String table = dynamoDbProperties.getTables().getKv();
		tableInitializer.initialize("leakybucket.dynamodb.tables.kv", table, TableLayout.KEY_VALUE);
		DynamoDbKeyValueStore.Builder builder = DynamoDbKeyValueStore.builder(client, table)
			.defaultPartition(properties.getDefaultPartition());
		codec.ifAvailable(builder::codec);
		builder.listener(KeyValueStoreListener.allOf(listeners.orderedStream().toList()));
		return builder.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(JsonMapper.class)
		ValueCodec jsonValueCodec(JsonMapper mapper) {
			return new JsonValueCodec(mapper);
		}

	}

}
