package io.github.leakybucket.autoconfigure.testcontainers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.localstack.LocalStackContainer;

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
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LocalStackContainerConnectionDetailsFactory}, through Boot's {@code @ServiceConnection} support,
 * without Docker. A {@link LocalStackContainer} cannot even be constructed without Docker, so the container is a
 * Mockito stand-in that reports the coordinates of a real DynamoDB Local started in this JVM, which answers the
 * DynamoDB API as LocalStack's edge port does.
 */
@SpringJUnitConfig
@TestPropertySource(properties = { "leakybucket.dynamodb.create-tables=true",
		"leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h" })
class LocalStackContainerConnectionDetailsFactoryTests {

	private static final EmbeddedDynamoDbLocalServer server = new EmbeddedDynamoDbLocalServer();

	@ServiceConnection
	static final LocalStackContainer localStack = localStack();

	private static LocalStackContainer localStack() {
		LocalStackContainer container = mock(LocalStackContainer.class);
		given(container.getDockerImageName()).willReturn("localstack/localstack:4.4");
		willAnswer((invocation) -> {
			server.start();
			return null;
		}).given(container).start();
		given(container.getEndpoint()).willAnswer((invocation) -> server.endpoint());
		given(container.getRegion()).willReturn("eu-west-1");
		given(container.getAccessKey()).willReturn("localstackkey");
		given(container.getSecretKey()).willReturn("localstacksecret");
		return container;
	}

	@Autowired
	private ApplicationContext context;

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@Test
	void suppliesTheContainersEndpointRegionAndCredentials() {
		DynamoDbConnectionDetails details = this.context.getBean(DynamoDbConnectionDetails.class);
		assertThat(details.getClass().getName()).contains("LocalStackContainerConnectionDetails");
		assertThat(details.getEndpoint()).isEqualTo(server.endpoint());
		assertThat(details.getRegion()).isEqualTo(Region.EU_WEST_1);
		AwsCredentials credentials = details.getCredentialsProvider().resolveCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("localstackkey");
		assertThat(credentials.secretAccessKey()).isEqualTo("localstacksecret");
	}

	@Test
	void bucketsDecideOnTheContainerInsteadOfAnEmbeddedServer() {
		assertThat(this.context.getBeanNamesForType(EmbeddedDynamoDbLocal.class)).isEmpty();
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
