package io.github.leakybucket.web.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.MutableClock;
import io.github.leakybucket.web.rules.MultiLimitDecider.Decision;
import io.github.leakybucket.web.rules.RateLimitRules.Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MultiLimitDecider}, on a clock the test moves.
 */
class MultiLimitDeciderTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryBucketStorage storage = new InMemoryBucketStorage(this.clock,
			DecisionListener.allOf(List.of()));

	private final BucketRegistry registry = registry();

	private final MultiLimitDecider decider = new MultiLimitDecider(this.registry, this.clock);

	private final RateLimitRule rule = RateLimitRule.parse(0, List.of("/**"), List.of(), "burst", null, 1, null,
			RateLimitRule.MissingKey.SKIP);

	@Test
	void decidesTheBucketWhoseUnitsLeakSoonestFirst() {
		Decision decision = this.decider.decide(List.of(limit("daily", "k"), limit("burst", "k")));
		assertThat(decision.admitted()).isTrue();
		assertThat(decision.decided()).extracting((decided) -> decided.limit().bucket().name())
			.containsExactly("burst", "daily");
	}

	@Test
	void aRequestTheBurstBucketRejectsNeverReachesTheDailyBucket() {
		List<Limit> limits = List.of(limit("daily", "k"), limit("burst", "k"));
		assertThat(this.decider.decide(limits).admitted()).isTrue();
		assertThat(this.decider.decide(limits).admitted()).isTrue();
		Decision rejected = this.decider.decide(limits);
		assertThat(rejected.admitted()).isFalse();
		assertThat(rejected.rejection().limit().bucket().name()).isEqualTo("burst");
		assertThat(this.registry.bucket("daily", "k").refresh().remaining()).isEqualTo(3);
	}

	@Test
	void aRequestTheDailyBucketIsKnownToRejectDrainsNothing() {
		assertThat(this.registry.bucket("daily", "k").tryAdd(5).admitted()).isTrue();
		Decision rejected = this.decider.decide(List.of(limit("burst", "k"), limit("daily", "k")));
		assertThat(rejected.admitted()).isFalse();
		assertThat(rejected.rejection().limit().bucket().name()).isEqualTo("daily");
		assertThat(rejected.rejection().state().retryAfter()).isEqualTo(Duration.ofMinutes(12));
		assertThat(rejected.decided()).hasSize(1);
		assertThat(this.registry.bucket("burst", "k").refresh().remaining()).isEqualTo(2);
	}

	@Test
	void theKnownLevelDrainsWithTime() {
		assertThat(this.registry.bucket("daily", "k").tryAdd(5).admitted()).isTrue();
		this.clock.advance(Duration.ofMinutes(12));
		Decision decision = this.decider.decide(List.of(limit("burst", "k"), limit("daily", "k")));
		assertThat(decision.admitted()).isTrue();
		assertThat(this.registry.bucket("daily", "k").refresh().remaining()).isZero();
	}

	@Test
	void aLevelRaisedElsewhereOverDrawsTheEarlierBucketByOneRequestOnly() {
		List<Limit> limits = List.of(limit("burst", "k"), limit("daily", "k"));
		assertThat(this.decider.decide(limits).admitted()).isTrue();
		// Another handle of the same bucket, as another JVM has, fills the daily bucket behind this handle's back.
		assertThat(this.storage.create("daily", "k", this.registry.config("daily")).tryAdd(4).admitted()).isTrue();
		Decision first = this.decider.decide(limits);
		assertThat(first.rejection().limit().bucket().name()).isEqualTo("daily");
		assertThat(first.decided()).hasSize(2);
		assertThat(this.registry.bucket("burst", "k").refresh().remaining()).isZero();
		this.clock.advance(Duration.ofSeconds(10));
		Decision second = this.decider.decide(limits);
		assertThat(second.rejection().limit().bucket().name()).isEqualTo("daily");
		assertThat(second.decided()).hasSize(1);
		assertThat(this.registry.bucket("burst", "k").refresh().remaining()).isEqualTo(2);
	}

	@Test
	void drainsAsynchronouslyInTheSameOrder() {
		MultiLimitDecider.Plan plan = this.decider.plan(List.of(limit("daily", "k"), limit("burst", "k")));
		Decision decision = this.decider.drainAsync(plan).join();
		assertThat(decision.decided()).extracting((decided) -> decided.limit().bucket().name())
			.containsExactly("burst", "daily");
	}

	private Limit limit(String bucket, String key) {
		return new Limit(this.rule, this.registry.bucket(bucket, key), 1);
	}

	private BucketRegistry registry() {
		Map<String, BucketConfig> configs = new LinkedHashMap<>();
		configs.put("daily", BucketConfig.of(5, Duration.ofHours(1)));
		configs.put("burst", BucketConfig.of(2, Duration.ofSeconds(10)));
		return new BucketRegistry(this.storage, configs, 100);
	}

}
