package io.github.leakybucket.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbClientBuilderCustomizer;
import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class, LeakyBucketAutoConfiguration.class))
		.withPropertyValues("leakybucket.buckets.demo.capacity=3", "leakybucket.buckets.demo.drain-time=1h",
				"leakybucket.buckets.per-user.capacity=5", "leakybucket.buckets.per-user.drain-time=5s",
				"leakybucket.buckets.per-user.failure-mode=fail-closed",
				"leakybucket.dynamodb.api-call-timeout=30s");

	@Test
	void configuredBucketsDecideOnDynamoDb() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DynamoDbBucketStorage.class);
			BucketRegistry registry = context.getBean(BucketRegistry.class);
			assertThat(registry.names()).containsExactly("demo", "per-user");
			assertThat(registry.config("per-user").failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
			Bucket demo = registry.bucket("demo");
			assertThat(demo.tryAdd(3).admitted()).isTrue();
			assertThat(demo.tryAdd(1).admitted()).isFalse();
			assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames())
				.contains("leakybucket-buckets");
		});
	}

	@Test
	void eachBucketIsABeanQualifiedByItsName() {
		this.contextRunner.withUserConfiguration(QualifiedBucketConfiguration.class).run((context) -> {
			Bucket demo = context.getBean(QualifiedBucketConfiguration.class).demo;
			assertThat(demo.name()).isEqualTo("demo");
			assertThat(demo.capacity()).isEqualTo(3);
			assertThat(demo.drainTime()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void backsOffToApplicationStorage() {
		this.contextRunner.withBean(BucketStorage.class, InMemoryBucketStorage::new).run((context) -> {
			assertThat(context).doesNotHaveBean(DynamoDbBucketStorage.class);
			assertThat(context.getBean(BucketRegistry.class).bucket("demo").tryAdd(1).admitted()).isTrue();
		});
	}

	@Test
	void backsOffToApplicationRegistry() {
		BucketRegistry own = new BucketRegistry(new InMemoryBucketStorage(), java.util.Map.of(), 10);
		this.contextRunner.withBean(BucketRegistry.class, () -> own)
			.run((context) -> assertThat(context.getBean(BucketRegistry.class)).isSameAs(own));
	}

	@Test
	void nonPositiveCapacityFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.buckets.demo.capacity=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.buckets.demo.capacity")
				.hasMessageContaining("at least 1");
		});
	}

	@Test
	void badCircuitBreakerPropertyFailsStartupNamingIt() {
		this.contextRunner.withPropertyValues("leakybucket.circuit-breaker.wait-duration-in-open-state=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.circuit-breaker.wait-duration-in-open-state"));
	}

	@Test
	void circuitBreakerPropertiesReachTheStorage() {
		InjectedFault fault = new InjectedFault();
		this.contextRunner.withBean(DynamoDbClientBuilderCustomizer.class, () -> fault)
			.withPropertyValues("leakybucket.circuit-breaker.minimum-number-of-calls=20")
			.run((context) -> {
				DynamoDbBucketStorage storage = context.getBean(DynamoDbBucketStorage.class);
				fault.on = true;
				for (int i = 0; i < 10; i++) {
					assertThat(context.getBean(BucketRegistry.class).bucket("demo").tryAdd(1).storageFailed())
						.isTrue();
				}
				assertThat(storage.circuitState("demo")).isEqualTo(CircuitBreaker.State.CLOSED);
			});
	}

	@Test
	void missingDrainTimeFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.buckets.other.capacity=4")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.buckets.other.drain-time"));
	}

	@Test
	void reserveAboveCapacityFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.buckets.demo.reserve=4")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.buckets.demo.reserve")
				.hasMessageContaining("capacity 3"));
	}

	@Test
	void missingTableFailsStartupNamingTableAndProperty() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.create-tables=false",
					"leakybucket.dynamodb.tables.buckets=absent-buckets")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'absent-buckets'")
				.hasMessageContaining("hash key 'name' (S), TTL on '_ttl'")
				.hasMessageContaining("leakybucket.dynamodb.tables.buckets"));
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedBucketConfiguration {

		final Bucket demo;

		QualifiedBucketConfiguration(@Qualifier("demo") Bucket demo) {
			this.demo = demo;
		}

	}

	/**
	 * Fails every call of the auto-configured client while on.
	 */
	static final class InjectedFault implements DynamoDbClientBuilderCustomizer, ExecutionInterceptor {

		volatile boolean on;

		@Override
		public void customize(DynamoDbClientBuilder builder) {
			builder.overrideConfiguration(
					builder.overrideConfiguration().toBuilder().addExecutionInterceptor(this).build());
		}

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
			if (this.on) {
				throw SdkClientException.create("Injected fault");
			}
		}

	}

}
