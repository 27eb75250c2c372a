package io.github.leakybucket.kv;

/**
 * Options of a read.
 *
 * @param consistentRead whether the read is strongly consistent
 */
public record ReadOptions(boolean consistentRead) {

	private static final ReadOptions STRONG = new ReadOptions(true);

	private static final ReadOptions EVENTUAL = new ReadOptions(false);

	/**
	 * Returns options for a strongly consistent read, which sees every write that completed before it. The default.
	 * @return the options
	 */
	public static ReadOptions stronglyConsistent() {
		return STRONG;
	}

	/**
	 * Returns options for an eventually consistent read, which costs half and may miss recent writes.
	 * @return the options
	 */
	public static ReadOptions eventuallyConsistent() {
		return EVENTUAL;
	}

}
