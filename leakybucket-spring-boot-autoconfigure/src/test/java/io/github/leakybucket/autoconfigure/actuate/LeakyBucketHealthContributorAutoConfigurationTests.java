package io.github.leakybucket.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.testsupport.DelayingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.actuate.LeakyBucketHealthIndicator;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("com.amazonaws.services.dynamodbv2.local"))
		.withConfiguration(AutoConfigurations.of(LeakyBucketDynamoDbAutoConfiguration.class,
				LeakyBucketHealthContributorAutoConfiguration.class))
		.withPropertyValues("leakybucket.dynamodb.region=eu-west-1");

	@Test
	void healthIndicatorIsNamedLeakybucket() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LeakyBucketHealthIndicator.class)
			.hasBean("leakybucketHealthIndicator"));
	}

	@Test
	void negativeCheckIntervalFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.actuator.health-check-interval=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.actuator.health-check-interval"));
	}

	@Test
	void zeroHealthTimeoutFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.actuator.health-timeout=0ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.actuator.health-timeout"));
	}

	@Test
	void healthCallsAreBoundedByTheAdminTimeout() {
		try (DynamoDbClient slowDescribe = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config
				.addExecutionInterceptor(new DelayingInterceptor(DescribeTableRequest.class, Duration.ofSeconds(5))))
			.build()) {
			this.contextRunner
				.withPropertyValues("leakybucket.dynamodb.tables.buckets=health-buckets",
						"leakybucket.actuator.health-timeout=30s", "leakybucket.dynamodb.admin-timeout=100ms")
				.withBean(DynamoDbClient.class, () -> slowDescribe)
				.withBean(BucketStorage.class,
						() -> DynamoDbBucketStorage.builder(slowDescribe)
							.tableName("health-buckets")
							.verifyTable(false)
							.build())
				.run((context) -> {
					Health health = context.getBean(LeakyBucketHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails().get("tables")).isEqualTo(Map.of("health-buckets",
							Map.of("reason", "ApiCallTimeoutException on table 'health-buckets'")));
				});
		}
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.leakybucket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakyBucketHealthIndicator.class));
	}

	@Test
	void backsOffWithoutHealthModule() {
		this.contextRunner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.health", "com.amazonaws.services.dynamodbv2.local"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LeakyBucketHealthIndicator.class));
	}

	@Test
	void backsOffWithoutDynamoDbClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LeakyBucketHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LeakyBucketHealthIndicator.class));
	}

	@Test
	void backsOffToApplicationIndicatorOfTheSameName() {
		HealthIndicator own = () -> Health.up().build();
		this.contextRunner.withBean("leakybucketHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(LeakyBucketHealthIndicator.class));
	}

}
