package io.github.leakybucket.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.actuate.LeakyBucketHealthIndicator;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;

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
