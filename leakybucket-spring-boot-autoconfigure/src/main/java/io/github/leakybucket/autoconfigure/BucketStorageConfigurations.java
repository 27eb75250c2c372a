package io.github.leakybucket.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.autoconfigure.dynamodb.AsyncDecisionsCondition;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The bucket storage configurations, imported by {@link LeakyBucketAutoConfiguration} in order: the first whose
 * conditions match defines the storage. Kept outside the auto-configuration, whose member classes Spring would
 * otherwise process in an order of its own.
 */
abstract class BucketStorageConfigurations {

	/**
	 * Bucket storage on the asynchronous client, whose {@link Bucket#tryAddAsync} blocks no thread. Imported before
	 * {@link Blocking}, which then backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(AsyncDecisionsCondition.class)
	static class Async {

		@Bean
		@ConditionalOnMissingBean(BucketStorage.class)
		@ConditionalOnBean({ DynamoDbClient.class, DynamoDbAsyncClient.class })
		DynamoDbBucketStorage bucketStorage(DynamoDbAsyncClient client, BucketStorageConfigurer configurer) {
			return configurer.build(DynamoDbBucketStorage.builder(client));
		}

	}

	/**
	 * Bucket storage on the blocking client, unless the application or {@link Async}
	 * defined one.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Blocking {

		@Bean
		@ConditionalOnMissingBean(BucketStorage.class)
		@ConditionalOnBean(DynamoDbClient.class)
		DynamoDbBucketStorage bucketStorage(DynamoDbClient client, BucketStorageConfigurer configurer) {
			return configurer.build(DynamoDbBucketStorage.builder(client));
		}

	}

}
