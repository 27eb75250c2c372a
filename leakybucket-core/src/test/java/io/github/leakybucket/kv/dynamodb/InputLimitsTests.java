package io.github.leakybucket.kv.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InputLimitsTests {

	@Test
	void countsUtf8BytesWithoutEncoding() {
		for (String value : List.of("", "abc", "é", "€", "🔑", "a🔑é€z")) {
			assertThat(InputLimits.utf8Length(value)).as(value)
				.isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	@Test
	void partitionMayBeLongerThanAKey() {
		assertThat(InputLimits.partition("p".repeat(2048))).hasSize(2048);
		assertThatIllegalArgumentException().isThrownBy(() -> InputLimits.partition("p".repeat(2049)))
			.withMessageContaining("partition")
			.withMessageContaining("limit of 2048 bytes");
	}

	@Test
	void prefixMayBeEmptyButNotTooLong() {
		assertThat(InputLimits.prefix("")).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> InputLimits.prefix("p".repeat(1025)))
			.withMessageStartingWith("prefix");
	}

	@Test
	void itemSizeCountsNamesValuesAndTheExpiry() {
		int withoutExpiry = InputLimits.maxValueBytes("p", "k", false);
		assertThat(InputLimits.maxValueBytes("p", "k", true)).isEqualTo(withoutExpiry - "expires".length() - 21);
		InputLimits.itemSize("p", "k", new byte[withoutExpiry], false);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InputLimits.itemSize("p", "k", new byte[withoutExpiry + 1], false))
			.withMessageContaining("value of key 'k' is " + (withoutExpiry + 1) + " bytes");
	}

}
