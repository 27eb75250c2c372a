package io.github.leakybucket.autoconfigure.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.LeaseListener;
import io.github.leakybucket.lease.Leases;
import io.github.leakybucket.lock.LeaseLock;
import io.github.leakybucket.lock.LeaseLocks;
import io.github.leakybucket.metrics.LeaseMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class LeaseAutoConfigurationTests {

	private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class, LeaseAutoConfiguration.class))
		.withPropertyValues("leakybucket.dynamodb.api-call-timeout=30s");

	@Test
	void grantsLeasesInTheConfiguredPartitionOfTheKeyValueTable() {
		this.contextRunner
			.withPropertyValues("leakybucket.dynamodb.tables.kv=lease-kv", "leakybucket.leases.partition=my-leases")
			.run((context) -> {
				Lease lease = context.getBean(Leases.class).tryAcquire("job", TEN_SECONDS).orElseThrow();
				DynamoDbLeaseTable table = DynamoDbLeaseTable.create(context.getBean(DynamoDbClient.class),
						"lease-kv", "my-leases");
				assertThat(table.read("job")).hasValueSatisfying((row) -> {
					assertThat(row.owner()).isEqualTo(lease.owner());
					assertThat(row.token()).isEqualTo(lease.token().value());
				});
			});
	}

	@Test
	void appliesOwnerIdAndSafetyMargin() {
		this.contextRunner
			.withPropertyValues("leakybucket.leases.owner-id=host-1", "leakybucket.leases.safety-margin=5s")
			.run((context) -> {
				Lease lease = context.getBean(Leases.class).tryAcquire("margin", TEN_SECONDS).orElseThrow();
				assertThat(lease.owner()).startsWith("host-1#");
				assertThat(lease.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5));
				lease.release();
			});
	}

	@Test
	void providesLockViewsWithTheConfiguredLeaseDuration() {
		this.contextRunner.withPropertyValues("leakybucket.leases.lock.lease-duration=42s").run((context) -> {
			LeaseLock lock = context.getBean(LeaseLocks.class).get("locked");
			lock.lock();
			assertThat(lock.currentLease().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(42));
			lock.unlock();
		});
	}

	@Test
	void tellsEveryListenerBean() {
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withBean("first", LeaseListener.class,
					() -> (name, operation, outcome, elapsed) -> first.add(operation + ":" + outcome.tagValue()))
			.withBean("second", LeaseListener.class,
					() -> (name, operation, outcome, elapsed) -> second.add(operation + ":" + outcome.tagValue()))
			.run((context) -> {
				context.getBean(Leases.class).tryAcquire("told", TEN_SECONDS).orElseThrow().release();
				assertThat(first).containsExactly("acquire:acquired", "release:released");
				assertThat(second).containsExactly("acquire:acquired", "release:released");
			});
	}

	@Test
	void timesLeaseOperationsWithMicrometer() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(LeaseMetrics.class);
			Leases leases = context.getBean(Leases.class);
			Lease lease = leases.tryAcquire("timed", TEN_SECONDS).orElseThrow();
			assertThat(leases.tryAcquire("timed", TEN_SECONDS)).isEmpty();
			lease.renew();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(LeaseMetrics.OPERATIONS).tags("name", "timed", "outcome", "acquired").timer().count())
				.isOne();
			assertThat(registry.get(LeaseMetrics.OPERATIONS).tags("outcome", "busy").timer().count()).isOne();
			assertThat(registry.get(LeaseMetrics.OPERATIONS).tags("outcome", "renewed").timer().count()).isOne();
		});
	}

	@Test
	void leavesTheNameTagOutWhenAsked() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("leakybucket.leases.metrics.name-tag=false")
			.run((context) -> {
				context.getBean(Leases.class).tryAcquire("untagged", TEN_SECONDS).orElseThrow();
				assertThat(context.getBean(MeterRegistry.class).get(LeaseMetrics.OPERATIONS).timer().getId().getTag("name"))
					.isNull();
			});
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(LeaseMetrics.class);
			assertThat(context).hasSingleBean(Leases.class);
		});
	}

	@Test
	void backsOffToApplicationBeans() {
		Leases own = mock(Leases.class);
		LeaseLocks ownLocks = new LeaseLocks(own, TEN_SECONDS);
		this.contextRunner.withBean(Leases.class, () -> own).withBean(LeaseLocks.class, () -> ownLocks).run((context) -> {
			assertThat(context.getBean(Leases.class)).isSameAs(own);
			assertThat(context.getBean(LeaseLocks.class)).isSameAs(ownLocks);
		});
	}

	@Test
	void canBeSwitchedOff() {
		this.contextRunner.withPropertyValues("leakybucket.leases.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Leases.class);
			assertThat(context).doesNotHaveBean(LeaseLocks.class);
		});
	}

	@Test
	void nonPositiveMaxDurationFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.max-duration", "0s");
	}

	@Test
	void negativeSafetyMarginFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.safety-margin", "-1s");
	}

	@Test
	void negativeClockSkewBoundFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.clock-skew-bound", "-1s");
	}

	@Test
	void ownerIdOverTheLimitFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.owner-id", "x".repeat(Leases.Builder.MAX_OWNER_ID_LENGTH + 1));
	}

	@Test
	void emptyPartitionFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.partition", "");
	}

	@Test
	void maxBackOffBelowMinFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.leases.back-off.min=2s", "leakybucket.leases.back-off.max=1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.leases.back-off.max"));
	}

	@Test
	void nonPositiveMinBackOffFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.back-off.min", "0s");
	}

	@Test
	void lockLeaseDurationOverTheMaximumFailsNamingBothProperties() {
		this.contextRunner
			.withPropertyValues("leakybucket.leases.max-duration=1m", "leakybucket.leases.lock.lease-duration=2m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.leases.lock.lease-duration")
				.hasMessageContaining("leakybucket.leases.max-duration"));
	}

	@Test
	void lockLeaseDurationWithinTheSafetyMarginFailsNamingBothProperties() {
		this.contextRunner
			.withPropertyValues("leakybucket.leases.safety-margin=10s", "leakybucket.leases.lock.lease-duration=5s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.leases.lock.lease-duration")
				.hasMessageContaining("leakybucket.leases.safety-margin"));
	}

	@Test
	void nonPositiveLockLeaseDurationFailsNamingProperty() {
		assertStartupFailsNaming("leakybucket.leases.lock.lease-duration", "0s");
	}

	private void assertStartupFailsNaming(String property, String value) {
		this.contextRunner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(property));
	}

}
