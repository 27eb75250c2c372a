package io.github.leakybucket.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.LeaseListener.Outcome;
import io.github.leakybucket.lease.Leases;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void timesOperationsByNameAndOutcome() {
		LeaseMetrics metrics = new LeaseMetrics(this.registry);
		metrics.onOperation("job", "acquire", Outcome.ACQUIRED, Duration.ofMillis(2));
		metrics.onOperation("job", "acquire", Outcome.ACQUIRED, Duration.ofMillis(3));
		metrics.onOperation("job", "acquire", Outcome.BUSY, Duration.ofMillis(1));
		assertThat(this.registry.get(LeaseMetrics.OPERATIONS)
			.tags("name", "job", "operation", "acquire", "outcome", "acquired")
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
		assertThat(this.registry.get(LeaseMetrics.OPERATIONS).tags("outcome", "busy").timer().count()).isOne();
	}

	@Test
	void leavesTheNameOutWhenAsked() {
		LeaseMetrics metrics = new LeaseMetrics(this.registry, false);
		metrics.onOperation("order-1", "renew", Outcome.RENEWED, Duration.ofMillis(1));
		metrics.onOperation("order-2", "renew", Outcome.RENEWED, Duration.ofMillis(1));
		assertThat(this.registry.get(LeaseMetrics.OPERATIONS).timers()).singleElement()
			.satisfies((timer) -> {
				assertThat(timer.getId().getTag("name")).isNull();
				assertThat(timer.count()).isEqualTo(2);
			});
	}

	@Test
	void countsAcquiredContendedRenewedAndReleasedLeasesOnDynamoDb() {
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			String table = DynamoDbTestServer.uniqueTableName("lease-metrics");
			new DynamoDbTables(client).createIfMissing(table, TableLayout.KEY_VALUE);
			Leases leases = Leases.builder(DynamoDbLeaseTable.create(client, table))
				.listener(new LeaseMetrics(this.registry))
				.build();
			Lease lease = leases.tryAcquire("job", Duration.ofSeconds(30)).orElseThrow();
			assertThat(leases.tryAcquire("job", Duration.ofSeconds(30))).isEmpty();
			lease.renew();
			lease.release();
			assertThat(lease.release()).isFalse();
			assertThat(count("acquire", "acquired")).isOne();
			assertThat(count("acquire", "busy")).isOne();
			assertThat(count("renew", "renewed")).isOne();
			assertThat(count("release", "released")).isOne();
			assertThat(count("release", "lost")).isOne();
		}
	}

	private long count(String operation, String outcome) {
		return this.registry.get(LeaseMetrics.OPERATIONS)
			.tags("name", "job", "operation", operation, "outcome", outcome)
			.timer()
			.count();
	}

}
