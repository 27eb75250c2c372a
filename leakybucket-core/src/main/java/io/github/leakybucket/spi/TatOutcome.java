package io.github.leakybucket.spi;

/**
 * What one conditional addition found.
 *
 * @param applied whether the cost was added
 * @param tat the stored {@code tat} after the addition if applied, else the stored one that refused it; 0 for an
 * absent item
 */
public record TatOutcome(boolean applied, long tat) {

	/**
	 * Returns an applied outcome.
	 * @param tat the new stored {@code tat}
	 * @return the outcome
	 */
	public static TatOutcome applied(long tat) {
		return new TatOutcome(true, tat);
	}

	/**
	 * Returns a refused outcome.
	 * @param stored the stored {@code tat} that refused it, 0 for an absent item
	 * @return the outcome
	 */
	public static TatOutcome refused(long stored) {
		return new TatOutcome(false, stored);
	}

}
