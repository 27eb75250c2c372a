package io.github.leakybucket.limits;

/**
 * Thrown when a {@link Limit} is given a value out of range. Carries the name of the bad parameter, so that a caller
 * can name the setting to fix.
 */
public class InvalidLimitException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String parameter;

	/**
	 * Creates an exception.
	 * @param parameter the bad parameter, {@code capacity} or {@code drainTime}
	 * @param message what is wrong, naming the parameter and its range
	 */
	public InvalidLimitException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	/**
	 * Returns the bad parameter.
	 * @return {@code capacity} or {@code drainTime}
	 */
	public String parameter() {
		return this.parameter;
	}

}
