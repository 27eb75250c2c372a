package io.github.leakybucket.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A {@link TatUpdate} refuses values that no engine should send, naming the value.
 */
class TatUpdateTests {

	private static final long NOW = 1_700_000_000_000_000_000L;

	@Test
	void zeroCostIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TatUpdate(NOW, 0, NOW + 10, false))
			.withMessageContaining("cost")
			.withMessageEndingWith(": 0");
	}

	@Test
	void negativeCostIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TatUpdate(NOW, -3, NOW + 10, false))
			.withMessageContaining("cost")
			.withMessageEndingWith(": -3");
	}

	@Test
	void latestTatBeforeNowIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TatUpdate(NOW, 5, NOW - 1, true))
			.withMessageContaining("latestTat")
			.withMessageContaining(Long.toString(NOW))
			.withMessageEndingWith(": " + (NOW - 1));
	}

	@Test
	void latestTatPlusCostOverflowingIsRejected() {
		long latest = Long.MAX_VALUE - 5;
		assertThatIllegalArgumentException().isThrownBy(() -> new TatUpdate(NOW, 6, latest, true))
			.withMessageContaining("latestTat " + latest)
			.withMessageContaining("cost 6");
	}

	@Test
	void negativeNowIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TatUpdate(-1, 5, 10, false))
			.withMessageContaining("now")
			.withMessageEndingWith(": -1");
	}

	@Test
	void latestTatPlusCostUpToTheLargestLongIsAccepted() {
		TatUpdate update = new TatUpdate(NOW, 5, Long.MAX_VALUE - 5, true);
		assertThat(update.ceiling()).isEqualTo(Long.MAX_VALUE);
	}

}
