package io.github.leakybucket.kv;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KVPairTests {

	@Test
	void valueIsCopiedInAndOut() {
		byte[] value = { 1, 2 };
		KVPair pair = new KVPair("k", value, 1, null);
		value[0] = 9;
		pair.value()[1] = 9;
		assertThat(pair.value()).containsExactly(1, 2);
	}

	@Test
	void pairsWithEqualContentAreEqual() {
		Instant expiry = Instant.ofEpochSecond(100);
		assertThat(new KVPair("k", new byte[] { 1 }, 2, expiry)).isEqualTo(new KVPair("k", new byte[] { 1 }, 2, expiry))
			.hasSameHashCodeAs(new KVPair("k", new byte[] { 1 }, 2, expiry))
			.isNotEqualTo(new KVPair("k", new byte[] { 1 }, 3, expiry))
			.isNotEqualTo(new KVPair("k", new byte[] { 2 }, 2, expiry));
	}

	@Test
	void toStringShowsTheValueSizeNotTheValue() {
		assertThat(new KVPair("k", "secret".getBytes(), 1, null)).hasToString(
				"KVPair[key=k, value=6 bytes, version=1, expiresAt=null]");
	}

	@Test
	void negativeVersionIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new KVPair("k", new byte[0], -1, null))
			.withMessage("version must not be negative, was -1");
	}

	@Test
	void listOptionsLimitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> ListOptions.defaults().withLimit(0))
			.withMessage("limit must be at least 1, was 0");
	}

}
