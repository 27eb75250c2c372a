package io.github.leakybucket.autoconfigure.testcontainers;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code amazon/dynamodb-local} container, connected by {@code @ServiceConnection}. Needs Docker: without it JUnit skips the class with the reason "disabledWithoutDocker is true and Docker is not
 * available".
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringJUnitConfig
@TestPropertySource(properties = { "leakybucket.dynamodb.create-tables=true",
		"leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h" })
class DynamoDbLocalContainerIntegrationTests {

	@Container
	@ServiceConnection
	static final GenericContainer<?> dynamoDb = new GenericContainer<>(DockerImageName.parse("amazon/dynamodb-local:2.6.1"))
		.withCommand("-jar", "DynamoDBLocal.jar", "-inMemory", "-disableTelemetry")
		.withExposedPorts(8000);

	@Autowired
	private ApplicationContext context;

	@Test
	void bucketsDecideOnTheContainer() {
		DynamoDbClient client = this.context.getBean(DynamoDbClient.class);
		assertThat(client.serviceClientConfiguration().endpointOverride())
			.hasValueSatisfying((endpoint) -> assertThat(endpoint.getPort()).isEqualTo(dynamoDb.getMappedPort(8000)));
		BucketRegistry registry = this.context.getBean(BucketRegistry.class);
		assertThat(registry.bucket("demo").tryAdd(2).admitted()).isTrue();
		assertThat(registry.bucket("demo").tryAdd(1).admitted()).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ LeakyBucketDynamoDbAutoConfiguration.class, LeakyBucketAutoConfiguration.class })
	static class Config {

	}

}
