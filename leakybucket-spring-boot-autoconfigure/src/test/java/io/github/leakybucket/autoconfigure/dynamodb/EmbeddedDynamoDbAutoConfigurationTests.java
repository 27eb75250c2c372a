package io.github.leakybucket.autoconfigure.dynamodb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import io.github.leakybucket.testsupport.DelayingInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDynamoDbAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class, LeakyBucketDynamoDbAutoConfiguration.class))
		.withPropertyValues("leakybucket.dynamodb.api-call-timeout=30s");

	@Test
	void startsDynamoDbLocalOnLoopbackAndStopsItWithTheContext() {
		int[] port = new int[1];
		this.contextRunner.run((context) -> {
			EmbeddedDynamoDbLocal server = context.getBean(EmbeddedDynamoDbLocal.class);
			port[0] = server.port();
			assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
			DynamoDbClient client = context.getBean(DynamoDbClient.class);
			assertThat(client.serviceClientConfiguration().endpointOverride()).contains(server.endpoint());
			assertThat(client.listTables().tableNames()).isNotNull();
		});
		assertThat(accepts(port[0])).isFalse();
	}

	@Test
	void createsTablesOnEmbeddedServerByDefault() {
		this.contextRunner.run((context) -> {
			context.getBean(DynamoDbTableInitializer.class)
				.initialize("leakybucket.dynamodb.tables.buckets", "embedded-buckets", TableLayout.BUCKETS);
			assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).contains("embedded-buckets");
		});
	}

	@Test
	void missingTableFailsNamingTableSchemaAndProperty() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.create-tables=false")
			.run((context) -> assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(DynamoDbTableInitializer.class)
					.initialize("leakybucket.dynamodb.tables.kv", "missing-kv", TableLayout.KEY_VALUE))
				.withMessageContaining("'missing-kv'")
				.withMessageContaining("hash key 'id' (S), range key 'name' (S)")
				.withMessageContaining("leakybucket.dynamodb.tables.kv"));
	}

	@Test
	void warnsThatItIsAnInMemoryLocalServer(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output)
			.containsPattern("WARN .*leakybucket is using DynamoDB Local, a local server started in this JVM on "
					+ context.getBean(EmbeddedDynamoDbLocal.class).endpoint())
			.contains("its data is in memory"));
	}

	@Test
	void createsTablesWhenCreateTableTakesLongerThanTheDecisionTimeout() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.api-call-timeout=200ms")
			.withBean(DynamoDbClientBuilderCustomizer.class,
					() -> (builder) -> builder.overrideConfiguration((config) -> config.addExecutionInterceptor(
							new DelayingInterceptor(CreateTableRequest.class, Duration.ofMillis(600)))))
			.run((context) -> {
				context.getBean(DynamoDbTableInitializer.class)
					.initialize("leakybucket.dynamodb.tables.buckets", "slow-buckets", TableLayout.BUCKETS);
				assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).contains("slow-buckets");
			});
	}

	@Test
	void doesNotReplaceAwsWhenRegionIsSet() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.region=eu-west-1").run((context) -> {
			assertThat(context).doesNotHaveBean(EmbeddedDynamoDbLocal.class);
			DynamoDbClient client = context.getBean(DynamoDbClient.class);
			assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
			assertThat(client.serviceClientConfiguration().endpointOverride()).isEmpty();
		});
	}

	@Test
	void doesNotReplaceAwsWhenStaticCredentialsAreSet() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.credentials.access-key=AKIDEXAMPLE",
					"leakybucket.dynamodb.credentials.secret-key=secret")
			.withSystemProperties("aws.region=eu-west-1")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EmbeddedDynamoDbLocal.class);
				assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().endpointOverride())
					.isEmpty();
			});
	}

	@Test
	void startsDespiteRegionWhenEnabledExplicitly() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.region=eu-west-1", "leakybucket.dynamodb.embedded.enabled=true")
			.run((context) -> {
				EmbeddedDynamoDbLocal server = context.getBean(EmbeddedDynamoDbLocal.class);
				assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().endpointOverride())
					.contains(server.endpoint());
			});
	}

	@Test
	void doesNotStartWhenDisabled() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.embedded.enabled=false", "leakybucket.dynamodb.region=eu-west-1")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EmbeddedDynamoDbLocal.class);
				assertThat(context).hasSingleBean(DynamoDbClient.class);
			});
	}

	@Test
	void doesNotStartWhenEndpointIsSet() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.endpoint=http://localhost:8000",
					"leakybucket.dynamodb.region=eu-west-1")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedDynamoDbLocal.class));
	}

	@Test
	void doesNotStartWhenApplicationDefinesClient() {
		this.contextRunner
			.withBean(DynamoDbClient.class, () -> DynamoDbClient.builder().region(Region.EU_WEST_1).build())
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedDynamoDbLocal.class));
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
