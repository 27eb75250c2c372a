package io.github.leakybucket.autoconfigure.dynamodb;

import java.net.URI;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts Amazon's DynamoDB Local in-process, the way Boot starts an embedded H2, when it is on the class path, no
 * endpoint is set and the application has no client of its own. It listens on a free loopback port, keeps its data
 * in memory unless {@code leakybucket.dynamodb.embedded.database-directory} is set, and stops with the context.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration")
@ConditionalOnClass(name = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner")
@ConditionalOnBooleanProperty(name = "leakybucket.dynamodb.embedded.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ DynamoDbClient.class, DynamoDbConnectionDetails.class })
@Conditional(EmbeddedDynamoDbAutoConfiguration.NoEndpointCondition.class)
@EnableConfigurationProperties(DynamoDbProperties.class)
public final class EmbeddedDynamoDbAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedDynamoDbLocal embeddedDynamoDbLocal(DynamoDbProperties properties) {
		return EmbeddedDynamoDbLocal.start(properties.getEmbedded().getDatabaseDirectory());
	}

	@Bean
	DynamoDbConnectionDetails embeddedDynamoDbConnectionDetails(EmbeddedDynamoDbLocal server) {
		return new DynamoDbConnectionDetails() {

			@Override
			public URI getEndpoint() {
				return server.endpoint();
			}

			@Override
			public Region getRegion() {
				return EmbeddedDynamoDbLocal.REGION;
			}

			@Override
			public AwsCredentialsProvider getCredentialsProvider() {
				return EmbeddedDynamoDbLocal.dummyCredentials();
			}

		};
	}

	static final class NoEndpointCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String endpoint = context.getEnvironment().getProperty("leakybucket.dynamodb.endpoint");
			return StringUtils.hasText(endpoint)
					? ConditionOutcome.noMatch("leakybucket.dynamodb.endpoint is set to " + endpoint)
					: ConditionOutcome.match("leakybucket.dynamodb.endpoint is not set");
		}

	}

}
