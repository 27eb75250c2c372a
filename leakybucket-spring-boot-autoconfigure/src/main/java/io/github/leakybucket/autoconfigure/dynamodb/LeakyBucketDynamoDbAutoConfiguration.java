package io.github.leakybucket.autoconfigure.dynamodb;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Auto-configuration of the {@link DynamoDbClient} leakybucket uses and, where buckets decide asynchronously (see
 * {@link AsyncDecisionsCondition}), of a {@link DynamoDbAsyncClient} built from the same connection details and
 * properties. Each backs off when the application, or Spring Cloud AWS, defines its own client.
 */
@AutoConfiguration(after = EmbeddedDynamoDbAutoConfiguration.class,
		afterName = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration")
@ConditionalOnClass(DynamoDbClient.class)
@EnableConfigurationProperties(DynamoDbProperties.class)
public final class LeakyBucketDynamoDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(DynamoDbConnectionDetails.class)
	PropertiesDynamoDbConnectionDetails dynamoDbConnectionDetails(DynamoDbProperties properties) {
		return new PropertiesDynamoDbConnectionDetails(properties);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbClient dynamoDbClient(DynamoDbConnectionDetails connectionDetails, DynamoDbProperties properties,
			ObjectProvider<DynamoDbClientBuilderCustomizer> customizers) {
		DynamoDbClientBuilder builder = configure(DynamoDbClient.builder(), connectionDetails, properties);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@Conditional(AsyncDecisionsCondition.class)
	DynamoDbAsyncClient dynamoDbAsyncClient(DynamoDbConnectionDetails connectionDetails,
			DynamoDbProperties properties, ObjectProvider<DynamoDbAsyncClientBuilderCustomizer> customizers) {
		DynamoDbAsyncClientBuilder builder = configure(DynamoDbAsyncClient.builder(), connectionDetails, properties);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/** Applies the connection details and the timeouts and retries of the properties, alike for both clients. */
	private static <B extends AwsClientBuilder<B, ?>> B configure(B builder,
			DynamoDbConnectionDetails connectionDetails, DynamoDbProperties properties) {
		if (connectionDetails.getEndpoint() != null) {
			builder.endpointOverride(connectionDetails.getEndpoint());
		}
		if (connectionDetails.getRegion() != null) {
			builder.region(connectionDetails.getRegion());
		}
		if (connectionDetails.getCredentialsProvider() != null) {
			builder.credentialsProvider(connectionDetails.getCredentialsProvider());
		}
		return builder.overrideConfiguration((config) -> {
			config.apiCallTimeout(properties.getApiCallTimeout())
				.retryStrategy((retry) -> retry.maxAttempts(properties.getMaxRetries() + 1));
			if (properties.getApiCallAttemptTimeout() != null) {
				config.apiCallAttemptTimeout(properties.getApiCallAttemptTimeout());
			}
		});
	}

	@Bean
	@ConditionalOnMissingBean
	DynamoDbTableInitializer dynamoDbTableInitializer(DynamoDbClient client, DynamoDbProperties properties,
			ObjectProvider<EmbeddedDynamoDbLocal> embedded) {
		Duration adminTimeout = properties.getAdminTimeout();
		if (adminTimeout == null || adminTimeout.isNegative() || adminTimeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.dynamodb.admin-timeout", adminTimeout,
					"it must be positive, such as 30s");
		}
		boolean create = (properties.getCreateTables() != null) ? properties.getCreateTables()
				: embedded.getIfAvailable() != null;
		return new DynamoDbTableInitializer(client, create, adminTimeout);
	}

}
