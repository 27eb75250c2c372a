package io.github.leakybucket.autoconfigure.testcontainers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbConnectionDetails;
import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DynamoDbLocalContainerConnectionDetailsFactory}, through Boot's {@code @ServiceConnection}
 * support, with an {@code amazon/dynamodb-local} container whose DynamoDB Local runs in this JVM (no Docker).
 */
@SpringJUnitConfig
@TestPropertySource(properties = { "leakybucket.dynamodb.create-tables=true",
		"leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h" })
class DynamoDbLocalContainerConnectionDetailsFactoryTests {

	@ServiceConnection
	static final InProcessDynamoDbLocalContainer dynamoDb = new InProcessDynamoDbLocalContainer();

	@Autowired
	private ApplicationContext context;

	@AfterAll
	static void stopContainer() {
		dynamoDb.stop();
	}

	@Test
	void suppliesTheContainersEndpointRegionAndCredentials() {
		DynamoDbConnectionDetails details = this.context.getBean(DynamoDbConnectionDetails.class);
		assertThat(details.getClass().getName()).contains("DynamoDbLocalContainerConnectionDetails");
		assertThat(details.getEndpoint()).hasScheme("http")
			.hasHost(dynamoDb.getHost())
			.hasPort(dynamoDb.getMappedPort(8000));
		assertThat(details.getRegion()).isEqualTo(Region.US_EAST_1);
		AwsCredentials credentials = details.getCredentialsProvider().resolveCredentials();
		assertThat(credentials.accessKeyId()).isNotEmpty();
		assertThat(credentials.secretAccessKey()).isNotEmpty();
	}

	@Test
	void clientConnectsToTheContainerInsteadOfAnEmbeddedServer() {
		assertThat(this.context.getBeanNamesForType(EmbeddedDynamoDbLocal.class)).isEmpty();
		DynamoDbClient client = this.context.getBean(DynamoDbClient.class);
		assertThat(client.serviceClientConfiguration().endpointOverride())
			.contains(this.context.getBean(DynamoDbConnectionDetails.class).getEndpoint());
		assertThat(client.listTables().tableNames()).contains("leakybucket-buckets");
	}

	@Test
	void bucketsDecideOnTheContainer() {
		BucketRegistry registry = this.context.getBean(BucketRegistry.class);
		assertThat(registry.bucket("demo").tryAdd(2).admitted()).isTrue();
		assertThat(registry.bucket("demo").tryAdd(1).admitted()).isFalse();
		DynamoDbClient client = this.context.getBean(DynamoDbClient.class);
		assertThat(client.scan((scan) -> scan.tableName("leakybucket-buckets")).items())
			.anySatisfy((item) -> assertThat(item.get("name").s()).startsWith("demo"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EmbeddedDynamoDbAutoConfiguration.class, LeakyBucketDynamoDbAutoConfiguration.class,
			LeakyBucketAutoConfiguration.class })
	static class Config {

	}

}
