package io.github.leakybucket.web.rules;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;
import org.springframework.util.StringUtils;

/**
 * Where a rule reads a request's key from, parsed from the rule's {@code key}: {@code header:NAME},
 * {@code param:NAME}, {@code ip}, {@code principal}, or a SpEL expression starting with {@code #}, such as
 * {@code #request.header('X-Tenant')}.
 */
public sealed interface RequestKey {

	/**
	 * Reads the key from a request.
	 * @param request the request
	 * @return the key, or {@code null} if the request lacks it
	 */
	@Nullable String resolve(RuleRequest request);

	/**
	 * Returns the form the key was configured with.
	 * @return the form, such as {@code header:X-Api-Key}
	 */
	String form();

	/**
	 * Parses a key form.
	 * @param index the rule's position, for the error
	 * @param form the form
	 * @return the key
	 * @throws InvalidRateLimitRuleException if the form is not one of the known ones, or its expression does not
	 * parse
	 */
	static RequestKey parse(int index, String form) {
		String trimmed = form.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (trimmed.startsWith("#")) {
			return new ExpressionKey(trimmed, RuleExpressions.parse(index, "key", trimmed));
		}
		if (lower.startsWith("header:")) {
			return new HeaderKey(name(index, trimmed, "header:".length()));
		}
		if (lower.startsWith("param:")) {
			return new ParamKey(name(index, trimmed, "param:".length()));
		}
		if (lower.equals("ip")) {
			return new IpKey();
		}
		if (lower.equals("principal")) {
			return new PrincipalKey();
		}
		throw new InvalidRateLimitRuleException(index, "key", form,
				"it must be header:NAME, param:NAME, ip, principal, or a SpEL expression starting with #");
	}

	private static String name(int index, String form, int start) {
		String name = form.substring(start).trim();
		if (!StringUtils.hasText(name)) {
			throw new InvalidRateLimitRuleException(index, "key", form, "it names no " + form.substring(0, start - 1));
		}
		return name;
	}

	/**
	 * A key read from a request header.
	 *
	 * @param name the header name
	 */
	record HeaderKey(String name) implements RequestKey {

		@Override
		public @Nullable String resolve(RuleRequest request) {
			return nonEmpty(request.header(this.name));
		}

		@Override
		public String form() {
			return "header:" + this.name;
		}

	}

	/**
	 * A key read from a query parameter.
	 *
	 * @param name the parameter name
	 */
	record ParamKey(String name) implements RequestKey {

		@Override
		public @Nullable String resolve(RuleRequest request) {
			return nonEmpty(request.param(this.name));
		}

		@Override
		public String form() {
			return "param:" + this.name;
		}

	}

	/**
	 * The client's address, as the server sees it.
	 */
	record IpKey() implements RequestKey {

		@Override
		public @Nullable String resolve(RuleRequest request) {
			return request.getRemoteAddress();
		}

		@Override
		public String form() {
			return "ip";
		}

	}

	/**
	 * The name of the authenticated user.
	 */
	record PrincipalKey() implements RequestKey {

		@Override
		public @Nullable String resolve(RuleRequest request) {
			return nonEmpty(request.getPrincipal());
		}

		@Override
		public String form() {
			return "principal";
		}

	}

	/**
	 * A key computed by a SpEL expression, which must give a {@link CharSequence}, {@link Number}, {@link UUID} or
	 * enum: any other type has no string form that is its value.
	 *
	 * @param form the expression text
	 * @param expression the parsed expression
	 */
	record ExpressionKey(String form, Expression expression) implements RequestKey {

		@Override
		public @Nullable String resolve(RuleRequest request) {
			Object value = RuleExpressions.evaluate(this.expression, request);
			if (value == null) {
				return null;
			}
			if (value instanceof CharSequence || value instanceof Number || value instanceof UUID) {
				return nonEmpty(value.toString());
			}
			if (value instanceof Enum<?> constant) {
				return constant.name();
			}
			throw new IllegalStateException("Rate-limit key " + this.form + " is a " + value.getClass().getName()
					+ "; a key must be a String, Number, UUID, enum or CharSequence, so that its string form is its value");
		}

	}

	private static @Nullable String nonEmpty(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
