package io.github.leakybucket.web.rules;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a rate-limit rule is invalid: it names the rule's property at fault, such as {@code key} or
 * {@code paths[1]}, so that a configuration error can name the full property.
 */
public class InvalidRateLimitRuleException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final int index;

	private final String property;

	private final transient @Nullable Object value;

	private final String reason;

	/**
	 * Creates an exception.
	 * @param index the rule's position in the list of rules
	 * @param property the rule's property at fault, such as {@code bucket}
	 * @param value the invalid value
	 * @param reason why it is invalid
	 */
	public InvalidRateLimitRuleException(int index, String property, @Nullable Object value, String reason) {
		super("Rate-limit rule " + index + " has an invalid " + property + " '" + value + "': " + reason);
		this.index = index;
		this.property = Objects.requireNonNull(property, "property");
		this.value = value;
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	/**
	 * Returns the rule's position in the list of rules.
	 * @return the index, from 0
	 */
	public int getIndex() {
		return this.index;
	}

	/**
	 * Returns the rule's property at fault, relative to the rule.
	 * @return the property, such as {@code key} or {@code paths[1]}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the invalid value.
	 * @return the value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * Returns why the value is invalid.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
