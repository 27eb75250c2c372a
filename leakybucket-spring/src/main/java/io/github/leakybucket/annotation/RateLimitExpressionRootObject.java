package io.github.leakybucket.annotation;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * Root object of {@link RateLimited#key()} expressions, offering {@code #root.method}, {@code #root.args} and
 * {@code #root.target}.
 */
public final class RateLimitExpressionRootObject {

	private final Method method;

	private final @Nullable Object[] args;

	private final @Nullable Object target;

	RateLimitExpressionRootObject(Method method, @Nullable Object[] args, @Nullable Object target) {
		this.method = method;
		this.args = args;
		this.target = target;
	}

	/**
	 * Returns the invoked method.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * Returns the invocation's arguments.
	 * @return the arguments
	 */
	public @Nullable Object[] getArgs() {
		return this.args;
	}

	/**
	 * Returns the target object.
	 * @return the target, or {@code null} if there is none
	 */
	public @Nullable Object getTarget() {
		return this.target;
	}

}
