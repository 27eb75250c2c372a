package io.github.leakybucket.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * Drains the bucket of a {@link RateLimited @RateLimited} method before invoking it, and invokes the fallback or
 * throws {@link RateLimitedException} when the cost does not fit.
 * <p>
 * A key must be a {@link String}, {@link Number}, {@link UUID}, enum or {@link CharSequence}: a null key throws
 * {@link MissingRateLimitKeyException}, a key of any other type {@link IllegalStateException} naming the method and the
 * type, and the method is not invoked.
 */
class RateLimitedInterceptor implements MethodInterceptor {

	private final RateLimitSpecSource specs;

	private final Supplier<BucketRegistry> registry;

	private final Supplier<RateLimitedDecisionObserver> observer;

	/**
	 * Creates an interceptor.
	 * @param specs where to find each method's spec
	 * @param registry supplies the bucket registry, on first use
	 * @param observer supplies the observer told about each decision, on first use
	 */
	RateLimitedInterceptor(RateLimitSpecSource specs, Supplier<BucketRegistry> registry,
			Supplier<RateLimitedDecisionObserver> observer) {
		this.specs = specs;
		this.registry = registry;
		this.observer = observer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = invocation.getMethod();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		RateLimitSpec spec = this.specs.get(method, targetClass);
		if (spec == null) {
			return invocation.proceed();
		}
		Bucket bucket = bucket(spec, invocation.getArguments(), target);
		BucketState state = bucket.tryAdd(spec.cost());
		this.observer.get().onDecision(bucket, state);
		if (state.admitted()) {
			return invocation.proceed();
		}
		RateLimitedException rejection = new RateLimitedException(bucket.name(), bucket.key(), bucket.drainTime(),
				state);
		Method fallback = spec.fallback();
		if (fallback == null) {
			throw rejection;
		}
		return invokeFallback(fallback, spec.fallbackTakesException(), target, invocation.getArguments(), rejection);
	}

	private Bucket bucket(RateLimitSpec spec, @Nullable Object[] arguments, @Nullable Object target) {
		RateLimitKey key = spec.key();
		if (key == null) {
			return this.registry.get().bucket(spec.bucket());
		}
		Object value = key.compute(arguments, target);
		if (value == null) {
			throw new MissingRateLimitKeyException(spec.bucket(), spec.description());
		}
		return this.registry.get().bucket(spec.bucket(), keyString(spec, value));
	}

	// Only types whose string form is their value: an entity with Object's toString would give every call its own
	// bucket, and the limit would never apply.
	private static String keyString(RateLimitSpec spec, Object value) {
		if (value instanceof CharSequence || value instanceof Number || value instanceof UUID) {
			return value.toString();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		throw new IllegalStateException("Rate-limit key of bucket '" + spec.bucket() + "' for " + spec.description()
				+ " is a " + value.getClass().getName()
				+ "; a key must be a String, Number, UUID, enum or CharSequence, so that its string form is its value");
	}

	private static @Nullable Object invokeFallback(Method fallback, boolean takesException, @Nullable Object target,
			@Nullable Object[] arguments, RateLimitedException rejection) throws Throwable {
		@Nullable Object[] fallbackArguments = arguments;
		if (takesException) {
			fallbackArguments = Arrays.copyOf(arguments, arguments.length + 1);
			fallbackArguments[arguments.length] = rejection;
		}
		try {
			return fallback.invoke(target, fallbackArguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
