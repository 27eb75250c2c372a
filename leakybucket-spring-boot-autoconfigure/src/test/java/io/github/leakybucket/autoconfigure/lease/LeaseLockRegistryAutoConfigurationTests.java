package io.github.leakybucket.autoconfigure.lease;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.integration.LeaseLockRegistry;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.Leases;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseLockRegistryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class, LeaseAutoConfiguration.class,
				LeaseLockRegistryAutoConfiguration.class))
		.withPropertyValues("leakybucket.dynamodb.api-call-timeout=30s");

	@Test
	void locksThePrefixedLeaseOfAKey() {
		this.contextRunner.withPropertyValues("leakybucket.leases.lock.registry-prefix=si/").run((context) -> {
			LeaseLockRegistry registry = context.getBean(LeaseLockRegistry.class);
			Lease held = registry.executeLocked("orders",
					() -> registry.obtain("orders").currentLease().orElseThrow());
			assertThat(held.name()).isEqualTo("si/orders");
			assertThat(context.getBean(Leases.class).read("si/orders").orElseThrow().released()).isTrue();
		});
	}

	@Test
	void backsOffToApplicationRegistry() {
		this.contextRunner.withBean(LockRegistry.class, DefaultLockRegistry::new).run((context) -> {
			assertThat(context).doesNotHaveBean(LeaseLockRegistry.class);
			assertThat(context).hasSingleBean(LockRegistry.class);
		});
	}

	@Test
	void noRegistryWithoutSpringIntegration() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(LockRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LeaseLockRegistry.class));
	}

	@Test
	void noRegistryWithoutLeases() {
		this.contextRunner.withPropertyValues("leakybucket.leases.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeaseLockRegistry.class));
	}

}
