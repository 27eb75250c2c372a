package io.github.leakybucket.kv;

/**
 * Options of a listing: page size, where to continue, order and consistency. Immutable; each {@code with} method
 * returns a copy.
 *
 * <pre class="code">
 * ListOptions options = ListOptions.defaults().withLimit(50).withOrder(SortOrder.DESCENDING);
 * Page page = store.list("jobs/", options);
 * Page next = store.list("jobs/", options.withCursor(page.cursor()));
 * </pre>
 *
 * @param limit the most pairs a page reads, or {@code 0} for as many as one request returns (up to 1 MB)
 * @param cursor the cursor of a previous page, or {@code null} for the first page
 * @param order the order of keys
 * @param consistentRead whether the read is strongly consistent
 */
public record ListOptions(int limit, String cursor, SortOrder order, boolean consistentRead) {

	private static final ListOptions DEFAULTS = new ListOptions(0, null, SortOrder.ASCENDING, true);

	/**
	 * Creates options.
	 * @param limit the most pairs a page reads, not negative; {@code 0} for no limit
	 * @param cursor the cursor of a previous page, or {@code null}
	 * @param order the order of keys
	 * @param consistentRead whether the read is strongly consistent
	 * @throws IllegalArgumentException if the limit is negative
	 */
	public ListOptions {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must be at least 1, or 0 for no limit, was " + limit);
		}
		if (order == null) {
			throw new IllegalArgumentException("order must not be null");
		}
	}

	/**
	 * Returns the defaults: no limit, first page, ascending, strongly consistent.
	 * @return the options
	 */
	public static ListOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a copy with the given page size.
	 * @param limit the most pairs a page reads, at least 1
	 * @return the options
	 * @throws IllegalArgumentException if the limit is less than 1
	 */
	public ListOptions withLimit(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		return new ListOptions(limit, this.cursor, this.order, this.consistentRead);
	}

	/**
	 * Returns a copy that continues after the page that returned the cursor.
	 * @param cursor a {@link Page#cursor() page's cursor}, or {@code null} for the first page
	 * @return the options
	 */
	public ListOptions withCursor(String cursor) {
		return new ListOptions(this.limit, cursor, this.order, this.consistentRead);
	}

	/**
	 * Returns a copy with the given order. A cursor only continues a listing in the order that issued it.
	 * @param order the order of keys
	 * @return the options
	 */
	public ListOptions withOrder(SortOrder order) {
		return new ListOptions(this.limit, this.cursor, order, this.consistentRead);
	}

	/**
	 * Returns a copy that reads eventually consistently.
	 * @return the options
	 */
	public ListOptions withEventualConsistency() {
		return new ListOptions(this.limit, this.cursor, this.order, false);
	}

}
