package io.github.leakybucket.kv.dynamodb;

import java.util.List;

import io.github.leakybucket.kv.SortOrder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ListCursorTests {

	@Test
	void roundTripsKeysOfAnyCharacters() {
		for (String key : List.of("a", "jobs/2026/€/🔑", "x".repeat(1024))) {
			String cursor = ListCursor.encode(key, SortOrder.DESCENDING);
			assertThat(cursor).matches("[A-Za-z0-9_-]+");
			assertThat(ListCursor.decode(cursor, "", SortOrder.DESCENDING)).isEqualTo(key);
		}
	}

	@Test
	void cursorMustStartWithThePrefix() {
		String cursor = ListCursor.encode("jobs/1", SortOrder.ASCENDING);
		assertThat(ListCursor.decode(cursor, "jobs/", SortOrder.ASCENDING)).isEqualTo("jobs/1");
		assertThatIllegalArgumentException().isThrownBy(() -> ListCursor.decode(cursor, "jobs/2", SortOrder.ASCENDING))
			.withMessage("cursor is malformed: it continues a listing of another prefix, not 'jobs/2'");
	}

	@Test
	void cursorWithAKeyOverTheLimitIsRefused() {
		String cursor = ListCursor.encode("x".repeat(1025), SortOrder.ASCENDING);
		assertThatIllegalArgumentException().isThrownBy(() -> ListCursor.decode(cursor, "", SortOrder.ASCENDING))
			.withMessageContaining("limit of 1024 bytes");
	}

}
