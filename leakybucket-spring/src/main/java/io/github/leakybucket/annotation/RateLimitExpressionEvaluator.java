package io.github.leakybucket.annotation;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * Parses {@link RateLimited#key()} expressions once per method, and evaluates them against an invocation.
 */
class RateLimitExpressionEvaluator extends CachedExpressionEvaluator {

	private final Map<ExpressionKey, Expression> keyCache = new ConcurrentHashMap<>(64);

	/**
	 * Returns the parsed expression, parsing it on first use.
	 * @param expression the expression text
	 * @param method the annotated method
	 * @param targetClass the target class
	 * @return the parsed expression
	 * @throws org.springframework.expression.ParseException if the expression does not parse
	 */
	Expression parse(String expression, Method method, Class<?> targetClass) {
		return getExpression(this.keyCache, new AnnotatedElementKey(method, targetClass), expression);
	}

	/**
	 * Returns a key that evaluates the parsed expression, with the method's parameters as variables and a
	 * {@link RateLimitExpressionRootObject} as root.
	 * @param expression the parsed expression
	 * @param method the most specific method, whose parameter names the expression uses
	 * @return the key
	 */
	RateLimitKey key(Expression expression, Method method) {
		return (arguments, target) -> expression.getValue(createContext(method, arguments, target));
	}

	private EvaluationContext createContext(Method method, @Nullable Object[] arguments, @Nullable Object target) {
		return new MethodBasedEvaluationContext(new RateLimitExpressionRootObject(method, arguments, target), method,
				arguments, getParameterNameDiscoverer());
	}

}
