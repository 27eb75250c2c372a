package io.github.leakybucket.autoconfigure.dynamodb;

import java.net.URI;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts Amazon's DynamoDB Local in-process, the way Boot starts an embedded H2, when leakybucket-dynamodb-local is
 * on the class path, no endpoint is set and the application has no client of its own. It never replaces AWS: a
 * region or credentials in {@code leakybucket.dynamodb.*} keep it off unless
 * {@code leakybucket.dynamodb.embedded.enabled=true} is set. It listens on a free loopback port (or does not start),
 * keeps its data in memory unless {@code leakybucket.dynamodb.embedded.database-directory} is set, warns that it is a
 * local server, and stops with the context.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration")
@ConditionalOnClass(name = { "io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal",
		"com.amazonaws.services.dynamodbv2.local.main.ServerRunner" })
@ConditionalOnMissingBean({ DynamoDbClient.class, DynamoDbConnectionDetails.class })
@Conditional(EmbeddedDynamoDbAutoConfiguration.EmbeddedDynamoDbCondition.class)
@EnableConfigurationProperties(DynamoDbProperties.class)
public final class EmbeddedDynamoDbAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedDynamoDbAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedDynamoDbLocal embeddedDynamoDbLocal(DynamoDbProperties properties) {
		Path databaseDirectory = properties.getEmbedded().getDatabaseDirectory();
		EmbeddedDynamoDbLocal server = EmbeddedDynamoDbLocal.start(databaseDirectory);
		logger.warn("leakybucket is using DynamoDB Local, a local server started in this JVM on " + server.endpoint()
				+ ", not AWS DynamoDB: "
				+ ((databaseDirectory != null) ? "its data is kept in " + databaseDirectory
						: "its data is in memory and lost when the application stops")
				+ ", and other instances do not share its limits. For DynamoDB, set leakybucket.dynamodb.region or "
				+ "endpoint, or leave leakybucket-dynamodb-local off the class path.");
		return server;
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

	/**
	 * Matches unless the embedded server is disabled, an endpoint is set, or, without an explicit
	 * {@code embedded.enabled=true}, a region or credentials point at AWS.
	 */
	static final class EmbeddedDynamoDbCondition extends SpringBootCondition {

		private static final String PREFIX = "leakybucket.dynamodb.";

		private static final String ENABLED = PREFIX + "embedded.enabled";

		private static final String[] POINTING_AT_AWS = { PREFIX + "region", PREFIX + "credentials.access-key",
				PREFIX + "credentials.secret-key" };

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			Boolean enabled = environment.getProperty(ENABLED, Boolean.class);
			if (Boolean.FALSE.equals(enabled)) {
				return ConditionOutcome.noMatch(ENABLED + " is false");
			}
			String endpoint = environment.getProperty(PREFIX + "endpoint");
			if (StringUtils.hasText(endpoint)) {
				return ConditionOutcome.noMatch(PREFIX + "endpoint is set to " + endpoint);
			}
			if (enabled == null) {
				for (String property : POINTING_AT_AWS) {
					if (StringUtils.hasText(environment.getProperty(property))) {
						return ConditionOutcome.noMatch(property + " is set, so the application points at AWS; set "
								+ ENABLED + "=true to start DynamoDB Local anyway");
					}
				}
				return ConditionOutcome.match("no endpoint, region or credentials are set");
			}
			return ConditionOutcome.match(ENABLED + " is true and no endpoint is set");
		}

	}

}
