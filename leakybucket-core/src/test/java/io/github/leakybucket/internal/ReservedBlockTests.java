package io.github.leakybucket.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservedBlockTests {

	private static final long SECOND = 1_000_000_000L;

	private static final long START = 1_700_000_000_000_000_000L;

	private final ReservedBlock block = new ReservedBlock(new Meter(10, 10 * SECOND));

	@Test
	void emptyUntilReplaced() {
		assertThat(this.block.usable(START)).isZero();
		assertThat(this.block.take(START, 1)).isZero();
	}

	@Test
	void handsOutUnitsWhoseSlotHasNotStarted() {
		this.block.replace(START, 5, 1);
		assertThat(this.block.usable(START)).isEqualTo(4);
		assertThat(this.block.take(START, 3)).isEqualTo(3);
		assertThat(this.block.take(START, 3)).isEqualTo(1);
	}

	@Test
	void skipsUnitsWhoseSlotHasStarted() {
		this.block.replace(START, 5, 0);
		assertThat(this.block.usable(START + 2 * SECOND)).isEqualTo(3);
		assertThat(this.block.usable(START + 2 * SECOND + 1)).isEqualTo(2);
		assertThat(this.block.usable(START + 10 * SECOND)).isZero();
	}

}
