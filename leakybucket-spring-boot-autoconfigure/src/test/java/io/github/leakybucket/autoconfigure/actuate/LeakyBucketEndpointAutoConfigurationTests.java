package io.github.leakybucket.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.metrics.LastKnownStates;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LeakyBucketAutoConfiguration.class, LeakyBucketEndpointAutoConfiguration.class))
		.withPropertyValues("leakybucket.buckets.api.capacity=10", "leakybucket.buckets.api.drain-time=1m")
		.withBean(BucketStorage.class, InMemoryBucketStorage::new);

	@Test
	void endpointIsCreatedWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=leakybuckets")
			.run((context) -> {
				assertThat(context).hasSingleBean(LeakyBucketsEndpoint.class).hasSingleBean(LastKnownStates.class);
				assertThat(context.getBean(LeakyBucketsEndpoint.class).buckets().buckets()).containsOnlyKeys("api");
			});
	}

	@Test
	void readsOneKeyThroughTheBucketStorageWithoutCachingItsHandle() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=leakybuckets")
			.run((context) -> {
				BucketRegistry buckets = context.getBean(BucketRegistry.class);
				context.getBean(BucketStorage.class).create("api", "alice", buckets.config("api")).add(4);
				assertThat(context.getBean(LeakyBucketsEndpoint.class).bucket("api", "alice").remaining()).isEqualTo(6);
				assertThat(buckets.keyedBucketCount()).isZero();
			});
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LeakyBucketsEndpoint.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=leakybuckets",
					"management.endpoint.leakybuckets.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakyBucketsEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=leakybuckets")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LeakyBucketsEndpoint.class));
	}

	@Test
	void backsOffWithoutBucketRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeakyBucketEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=leakybuckets")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakyBucketsEndpoint.class));
	}

	@Test
	void backsOffToApplicationEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=leakybuckets")
			.withBean("ownEndpoint", LeakyBucketsEndpoint.class,
					() -> new LeakyBucketsEndpoint(new BucketRegistry(new InMemoryBucketStorage(), java.util.Map.of(), 1),
							new InMemoryBucketStorage(), new LastKnownStates()))
			.run((context) -> assertThat(context).hasSingleBean(LeakyBucketsEndpoint.class).hasBean("ownEndpoint"));
	}

}
