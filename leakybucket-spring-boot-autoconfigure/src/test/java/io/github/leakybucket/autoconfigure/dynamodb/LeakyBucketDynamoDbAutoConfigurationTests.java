package io.github.leakybucket.autoconfigure.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketDynamoDbAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("com.amazonaws.services.dynamodbv2.local"))
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class));

	@Test
	void endpointAndRegionAreHonoured() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.endpoint=http://localhost:4566",
					"leakybucket.dynamodb.region=eu-west-2")
			.run((context) -> {
				DynamoDbClient client = context.getBean(DynamoDbClient.class);
				assertThat(client.serviceClientConfiguration().endpointOverride())
					.contains(URI.create("http://localhost:4566"));
				assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_2);
			});
	}

	@Test
	void timeoutsAreHonoured() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.region=eu-west-1", "leakybucket.dynamodb.api-call-timeout=3s",
					"leakybucket.dynamodb.api-call-attempt-timeout=700ms")
			.run((context) -> {
				var configuration = context.getBean(DynamoDbClient.class)
					.serviceClientConfiguration()
					.overrideConfiguration();
				assertThat(configuration.apiCallTimeout()).hasValue(Duration.ofSeconds(3));
				assertThat(configuration.apiCallAttemptTimeout()).hasValue(Duration.ofMillis(700));
			});
	}

	@Test
	void customizersAreAppliedInOrderAfterProperties() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.region=eu-west-1")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("first", "second");
				assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().region())
					.isEqualTo(Region.AP_SOUTHEAST_2);
			});
	}

	@Test
	void backsOffWhenApplicationDefinesClient() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DynamoDbClient.class);
			assertThat(context.getBean(DynamoDbClient.class))
				.isSameAs(context.getBean(UserClientConfiguration.class).client);
		});
	}

	@Test
	void connectionDetailsBeanReplacesProperties() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.endpoint=http://localhost:1")
			.withBean(DynamoDbConnectionDetails.class, LeakyBucketDynamoDbAutoConfigurationTests::localhost9999)
			.run((context) -> assertThat(
					context.getBean(DynamoDbClient.class).serviceClientConfiguration().endpointOverride())
				.contains(URI.create("http://localhost:9999")));
	}

	@Test
	void malformedEndpointFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.endpoint=localhost:8000").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.dynamodb.endpoint")
				.hasMessageContaining("localhost:8000");
		});
	}

	@Test
	void badRegionFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.region=Europe West").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.dynamodb.region")
				.hasMessageContaining("Europe West");
		});
	}

	@Test
	void nonPositiveAdminTimeoutFailsNamingProperty() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.region=eu-west-1", "leakybucket.dynamodb.admin-timeout=0s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("leakybucket.dynamodb.admin-timeout");
			});
	}

	@Test
	void accessKeyWithoutSecretFailsNamingMissingProperty() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.region=eu-west-1",
					"leakybucket.dynamodb.credentials.access-key=AKIDEXAMPLE")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.dynamodb.credentials.secret-key"));
	}

	@Test
	void asyncClientIsNotCreatedUnlessBucketsDecideAsynchronously() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.region=eu-west-1")
			.run((context) -> assertThat(context).hasSingleBean(DynamoDbClient.class)
				.doesNotHaveBean(DynamoDbAsyncClient.class));
	}

	@Test
	void asyncClientHonoursTheSamePropertiesAsTheBlockingClient() {
		this.contextRunner
			.withPropertyValues("leakybucket.async=true", "leakybucket.dynamodb.endpoint=http://localhost:4566",
					"leakybucket.dynamodb.region=eu-west-2", "leakybucket.dynamodb.api-call-timeout=3s",
					"leakybucket.dynamodb.api-call-attempt-timeout=700ms")
			.run((context) -> {
				var configuration = context.getBean(DynamoDbAsyncClient.class).serviceClientConfiguration();
				assertThat(configuration.endpointOverride()).contains(URI.create("http://localhost:4566"));
				assertThat(configuration.region()).isEqualTo(Region.EU_WEST_2);
				assertThat(configuration.overrideConfiguration().apiCallTimeout()).hasValue(Duration.ofSeconds(3));
				assertThat(configuration.overrideConfiguration().apiCallAttemptTimeout())
					.hasValue(Duration.ofMillis(700));
			});
	}

	@Test
	void asyncCustomizersAreAppliedInOrderAfterProperties() {
		this.contextRunner.withPropertyValues("leakybucket.async=true", "leakybucket.dynamodb.region=eu-west-1")
			.withUserConfiguration(AsyncCustomizerConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(AsyncCustomizerConfiguration.class).calls).containsExactly("first",
						"second");
				assertThat(context.getBean(DynamoDbAsyncClient.class).serviceClientConfiguration().region())
					.isEqualTo(Region.AP_SOUTHEAST_2);
			});
	}

	@Test
	void asyncClientBacksOffWhenApplicationDefinesOne() {
		this.contextRunner.withPropertyValues("leakybucket.async=true", "leakybucket.dynamodb.region=eu-west-1")
			.withBean("userAsyncClient", DynamoDbAsyncClient.class,
					() -> DynamoDbAsyncClient.builder().region(Region.EU_CENTRAL_1).build())
			.run((context) -> {
				assertThat(context).hasSingleBean(DynamoDbAsyncClient.class);
				assertThat(context.getBean(DynamoDbAsyncClient.class).serviceClientConfiguration().region())
					.isEqualTo(Region.EU_CENTRAL_1);
			});
	}

	@Test
	void asyncClientUsesTheConnectionDetailsBean() {
		this.contextRunner.withPropertyValues("leakybucket.async=true", "leakybucket.dynamodb.endpoint=http://localhost:1")
			.withBean(DynamoDbConnectionDetails.class, LeakyBucketDynamoDbAutoConfigurationTests::localhost9999)
			.run((context) -> assertThat(
					context.getBean(DynamoDbAsyncClient.class).serviceClientConfiguration().endpointOverride())
				.contains(URI.create("http://localhost:9999")));
	}

	private static DynamoDbConnectionDetails localhost9999() {
		return new DynamoDbConnectionDetails() {

			@Override
			public URI getEndpoint() {
				return URI.create("http://localhost:9999");
			}

			@Override
			public Region getRegion() {
				return Region.US_WEST_2;
			}

			@Override
			public AwsCredentialsProvider getCredentialsProvider() {
				return null;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncCustomizerConfiguration {

		final List<String> calls = new ArrayList<>();

		@Bean
		@Order(2)
		DynamoDbAsyncClientBuilderCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.region(Region.AP_SOUTHEAST_2);
			};
		}

		@Bean
		@Order(1)
		DynamoDbAsyncClientBuilderCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.region(Region.US_EAST_2);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new ArrayList<>();

		@Bean
		@Order(2)
		DynamoDbClientBuilderCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.region(Region.AP_SOUTHEAST_2);
			};
		}

		@Bean
		@Order(1)
		DynamoDbClientBuilderCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.region(Region.US_EAST_2);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		final DynamoDbClient client = DynamoDbClient.builder().region(Region.EU_CENTRAL_1).build();

		@Bean
		DynamoDbClient userDynamoDbClient() {
			return this.client;
		}

	}

}
