package io.github.leakybucket.limits;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.FailureMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LimitTests {

	@Test
	void capacityBelowOneIsRejectedNamingIt() {
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> new Limit(0, Duration.ofMinutes(1)))
			.withMessage("capacity must be at least 1: 0")
			.extracting(InvalidLimitException::parameter)
			.isEqualTo("capacity");
	}

	@Test
	void drainTimeOutOfRangeIsRejectedNamingIt() {
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> new Limit(1, Duration.ZERO))
			.withMessage("drainTime must be from 1ms to PT438000H: PT0S")
			.extracting(InvalidLimitException::parameter)
			.isEqualTo("drainTime");
		assertThatExceptionOfType(InvalidLimitException.class)
			.isThrownBy(() -> new Limit(1, BucketConfig.MAX_DRAIN_TIME.plusMillis(1)))
			.extracting(InvalidLimitException::parameter)
			.isEqualTo("drainTime");
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> new Limit(1, null))
			.extracting(InvalidLimitException::parameter)
			.isEqualTo("drainTime");
	}

	@Test
	void textIsCapacitySlashIsoDrainTimeAndReadsBack() {
		Limit limit = new Limit(6, Duration.ofMinutes(1));
		assertThat(limit).hasToString("6/PT1M");
		assertThat(Limit.parse("6/PT1M")).isEqualTo(limit);
		assertThat(Limit.parse(" 6 / PT1M ")).isEqualTo(limit);
	}

	@Test
	void malformedTextNamesWhatIsWrong() {
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> Limit.parse("6"))
			.withMessageContaining("<capacity>/<ISO-8601 drain time>");
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> Limit.parse("six/PT1M"))
			.extracting(InvalidLimitException::parameter)
			.isEqualTo("capacity");
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> Limit.parse("6/1m"))
			.extracting(InvalidLimitException::parameter)
			.isEqualTo("drainTime");
		assertThatExceptionOfType(InvalidLimitException.class).isThrownBy(() -> Limit.parse("-1/PT1M"))
			.withMessage("capacity must be at least 1: -1");
	}

	@Test
	void appliedLimitKeepsFailureModeAndCapsReserveAtItsCapacity() {
		BucketConfig config = new BucketConfig(10, Duration.ofMinutes(1), 4, FailureMode.FAIL_CLOSED);
		assertThat(new Limit(20, Duration.ofHours(1)).applyTo(config))
			.isEqualTo(new BucketConfig(20, Duration.ofHours(1), 4, FailureMode.FAIL_CLOSED));
		assertThat(new Limit(2, Duration.ofSeconds(1)).applyTo(config))
			.isEqualTo(new BucketConfig(2, Duration.ofSeconds(1), 2, FailureMode.FAIL_CLOSED));
	}

	@Test
	void firstResolverWithALimitWins() {
		Limit fromFirst = new Limit(6, Duration.ofMinutes(1));
		Limit fromSecond = new Limit(9, Duration.ofMinutes(1));
		LimitResolver first = new StaticLimits(Map.of("notes", Map.of("vip", fromFirst)));
		LimitResolver second = new StaticLimits(
				Map.of("notes", Map.of("vip", fromSecond, "gold", fromSecond)));
		LimitResolver both = LimitResolver.firstOf(first, second);
		assertThat(both.limit("notes", "vip")).contains(fromFirst);
		assertThat(both.limit("notes", "gold")).contains(fromSecond);
		assertThat(both.limit("notes", "alice")).isEmpty();
		assertThat(both.limits("notes")).containsOnly(Map.entry("vip", fromFirst),
				Map.entry("gold", fromSecond));
	}

}
