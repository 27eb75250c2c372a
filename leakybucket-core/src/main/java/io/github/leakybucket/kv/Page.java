package io.github.leakybucket.kv;

import java.util.List;
import java.util.Objects;

/**
 * One page of a {@link KeyValueStore#list(String, ListOptions) listing}.
 * <p>
 * A page can hold fewer pairs than the limit, even none, while more follow: expired pairs are dropped after the
 * store reads a page. Keep reading while {@link #hasMore()} is {@code true}. A page can also carry a cursor when
 * nothing follows; the next page is then empty and has none.
 *
 * @param items the pairs, in the requested order
 * @param cursor the opaque cursor to pass for the next page, or {@code null} if this is the last page
 */
public record Page(List<KVPair> items, String cursor) {

	/**
	 * Creates a page.
	 * @param items the pairs, in the requested order
	 * @param cursor the cursor of the next page, or {@code null}
	 */
	public Page {
		items = List.copyOf(Objects.requireNonNull(items, "items must not be null"));
	}

	/**
	 * Returns whether another page may follow.
	 * @return {@code true} if {@link #cursor()} is not {@code null}
	 */
	public boolean hasMore() {
		return this.cursor != null;
	}

}
