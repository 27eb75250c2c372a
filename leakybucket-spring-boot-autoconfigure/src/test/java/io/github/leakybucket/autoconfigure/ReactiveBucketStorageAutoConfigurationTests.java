package io.github.leakybucket.autoconfigure;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbAsyncClientBuilderCustomizer;
import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.testsupport.CountingInterceptor;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a reactive web application, where no thread may block, buckets decide on the asynchronous client unless told
 * otherwise.
 */
class ReactiveBucketStorageAutoConfigurationTests {

	private final CountingInterceptor asyncRequests = new CountingInterceptor();

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class, LeakyBucketAutoConfiguration.class))
		.withPropertyValues("leakybucket.buckets.demo.capacity=3", "leakybucket.buckets.demo.drain-time=1h",
				"leakybucket.dynamodb.api-call-timeout=30s")
		.withBean(DynamoDbAsyncClientBuilderCustomizer.class, () -> (builder) -> builder
			.overrideConfiguration((config) -> config.addExecutionInterceptor(this.asyncRequests)));

	@Test
	void bucketsDecideOnTheAsynchronousClient() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DynamoDbBucketStorage.class).hasSingleBean(DynamoDbAsyncClient.class);
			Bucket demo = context.getBean(BucketRegistry.class).bucket("demo");
			assertThat(demo.tryAddAsync(3).get(30, TimeUnit.SECONDS).admitted()).isTrue();
			assertThat(this.asyncRequests.count(UpdateItemRequest.class)).isEqualTo(1);
		});
	}

	@Test
	void asyncPropertySetToFalseKeepsTheBlockingClient() {
		this.contextRunner.withPropertyValues("leakybucket.async=false").run((context) -> {
			assertThat(context).hasSingleBean(DynamoDbBucketStorage.class).doesNotHaveBean(DynamoDbAsyncClient.class);
			assertThat(context.getBean(BucketRegistry.class).bucket("demo").tryAddAsync(1)).isCompleted();
		});
	}

}
