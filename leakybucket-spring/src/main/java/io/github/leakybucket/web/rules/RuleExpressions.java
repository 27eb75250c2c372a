package io.github.leakybucket.web.rules;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.DataBindingMethodResolver;
import org.springframework.expression.spel.support.DataBindingPropertyAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * Parses the SpEL expressions of rules once, when the rules are created, and evaluates them with the request as the
 * variable {@code #request}. Evaluation uses a {@link SimpleEvaluationContext} for read-only data binding with
 * instance methods: an expression can read the request and call its methods, but cannot refer to types, call
 * constructors or assign, whatever the request contains.
 */
final class RuleExpressions {

	private static final SpelExpressionParser parser = new SpelExpressionParser();

	/** Shared by every evaluation, so that its cache of getters outlives one request (it is thread-safe). */
	private static final PropertyAccessor readOnlyAccess = DataBindingPropertyAccessor.forReadOnlyAccess();

	private static final MethodResolver instanceMethods = DataBindingMethodResolver.forInstanceMethodInvocation();

	private RuleExpressions() {
	}

	/**
	 * Parses an expression.
	 * @param index the rule's position, for the error
	 * @param property the rule's property, for the error
	 * @param text the expression
	 * @return the parsed expression
	 * @throws InvalidRateLimitRuleException if it does not parse
	 */
	static Expression parse(int index, String property, String text) {
		try {
			return parser.parseExpression(text);
		}
		catch (ParseException ex) {
			throw new InvalidRateLimitRuleException(index, property, text,
					"it is not a valid SpEL expression: " + ex.getMessage());
		}
	}

	/**
	 * Evaluates an expression against a request.
	 * @param expression the parsed expression
	 * @param request the request, as {@code #request}
	 * @return the value
	 */
	static @Nullable Object evaluate(Expression expression, RuleRequest request) {
		return expression.getValue(context(request));
	}

	/**
	 * Evaluates a condition against a request.
	 * @param expression the parsed expression
	 * @param request the request, as {@code #request}
	 * @return whether it is {@code true}; {@code null} counts as {@code false}
	 */
	static boolean test(Expression expression, RuleRequest request) {
		return Boolean.TRUE.equals(expression.getValue(context(request), Boolean.class));
	}

	private static EvaluationContext context(RuleRequest request) {
		// What forReadOnlyDataBinding().withInstanceMethods() builds, with the accessor and resolver shared.
		SimpleEvaluationContext context = SimpleEvaluationContext.forPropertyAccessors(readOnlyAccess)
			.withAssignmentDisabled()
			.withMethodResolvers(instanceMethods)
			.build();
		context.setVariable("request", request);
		return context;
	}

}
