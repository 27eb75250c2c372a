package io.github.leakybucket.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BucketMetricsTests {

	private static final BucketConfig MINUTE_OF_TEN = BucketConfig.of(10, Duration.ofMinutes(1));

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

	private final InstantSource clock = this.now::get;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LastKnownStates states = new LastKnownStates(this.clock);

	private final BucketMetrics metrics = new BucketMetrics(this.registry, this.states);

	private final InMemoryBucketStorage storage = new InMemoryBucketStorage(this.clock, new DecisionListener() {

		@Override
		public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
			BucketMetricsTests.this.states.onDecision(bucket, state, source);
			BucketMetricsTests.this.metrics.onDecision(bucket, state, source);
		}

	});

	@Test
	void countsAdmittedAndRejectedDecisionsBySource() {
		Bucket bucket = this.storage.create("api", MINUTE_OF_TEN);
		for (int i = 0; i < 13; i++) {
			bucket.tryAdd(1);
		}
		// An in-memory bucket decides every call in its store (it does not reject locally): source=storage.
		assertThat(count("api", "admitted", "storage")).isEqualTo(10);
		assertThat(count("api", "rejected", "storage")).isEqualTo(3);
		assertThat(count("api", "admitted", "local")).isZero();
		assertThat(count("api", "rejected", "local")).isZero();
	}

	@Test
	void countsErrorsByFailureMode() {
		Bucket bucket = this.storage.create("api", MINUTE_OF_TEN);
		this.metrics.onError(bucket, new IllegalStateException("down"), BucketState.admitted(10, 10, Instant.EPOCH));
		this.metrics.onError(bucket, new IllegalStateException("down"),
				BucketState.rejected(10, 0, Instant.EPOCH, Duration.ofSeconds(1)));
		assertThat(this.registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", "api", "outcome", "error", "failure-mode", "fail-open")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", "api", "outcome", "error", "failure-mode", "fail-closed")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void clockSkewGaugeHoldsTheLargestOffsetReportedPerName() {
		Bucket alice = this.storage.create("per-user", "alice", MINUTE_OF_TEN);
		Bucket bob = this.storage.create("per-user", "bob", MINUTE_OF_TEN);
		this.metrics.onClockSkew(alice, Duration.ofMillis(1500));
		this.metrics.onClockSkew(bob, Duration.ofSeconds(5));
		this.metrics.onClockSkew(alice, Duration.ofSeconds(2));
		assertThat(gauge(BucketMetrics.CLOCK_SKEW, "per-user")).isEqualTo(5);
		assertThat(this.registry.get(BucketMetrics.CLOCK_SKEW).tag("bucket", "per-user").gauge().getId().getBaseUnit())
			.isEqualTo("seconds");
	}

	@Test
	void clockSkewGaugeIsZeroUntilASkewIsReported() {
		this.storage.create("api", MINUTE_OF_TEN).add(1);
		assertThat(gauge(BucketMetrics.CLOCK_SKEW, "api")).isZero();
	}

	@Test
	void gaugesReportLastKnownStateDrainedToNow() {
		Bucket bucket = this.storage.create("api", MINUTE_OF_TEN);
		bucket.add(4);
		assertThat(gauge(BucketMetrics.CAPACITY, "api")).isEqualTo(10);
		assertThat(gauge(BucketMetrics.REMAINING, "api")).isEqualTo(6);
		assertThat(gauge(BucketMetrics.FILL, "api")).isCloseTo(0.4, within(1e-9));
		assertThat(gauge(BucketMetrics.STATE_AGE, "api")).isZero();
		this.now.set(this.now.get().plusSeconds(12));
		assertThat(gauge(BucketMetrics.REMAINING, "api")).isEqualTo(8);
		assertThat(gauge(BucketMetrics.FILL, "api")).isCloseTo(0.2, within(1e-9));
		assertThat(gauge(BucketMetrics.STATE_AGE, "api")).isEqualTo(12);
	}

	@Test
	void perKeyBucketsAreReportedUnderTheirNameWithoutKeyTag() {
		this.storage.create("per-user", "alice", MINUTE_OF_TEN).add(2);
		this.storage.create("per-user", "bob", MINUTE_OF_TEN).add(5);
		assertThat(gauge(BucketMetrics.REMAINING, "per-user")).isEqualTo(5);
		assertThat(count("per-user", "admitted", "storage")).isEqualTo(2);
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().equals("alice") || tag.getValue().equals("bob")));
	}

	@Test
	void trackedBucketHasGaugesBeforeAnyDecision() {
		this.states.track(this.storage.create("quiet", MINUTE_OF_TEN));
		assertThat(gauge(BucketMetrics.CAPACITY, "quiet")).isEqualTo(10);
		assertThat(gauge(BucketMetrics.FILL, "quiet")).isNaN();
		assertThat(gauge(BucketMetrics.STATE_AGE, "quiet")).isNaN();
		assertThat(count("quiet", "admitted", "local")).isZero();
	}

	@Test
	void everyDecisionSeriesHasTheSameTagKeys() {
		this.storage.create("api", MINUTE_OF_TEN).add(1);
		assertThat(this.registry.find(BucketMetrics.DECISIONS).meters()).hasSize(6)
			.extracting((Meter meter) -> meter.getId().getTags().stream().map((tag) -> tag.getKey()).toList())
			.containsOnly(java.util.List.of("bucket", "failure-mode", "outcome", "source"));
	}

	private double count(String bucket, String outcome, String source) {
		return this.registry.get(BucketMetrics.DECISIONS)
			.tags("bucket", bucket, "outcome", outcome, "source", source)
			.counter()
			.count();
	}

	private double gauge(String name, String bucket) {
		return this.registry.get(name).tag("bucket", bucket).gauge().value();
	}

}
