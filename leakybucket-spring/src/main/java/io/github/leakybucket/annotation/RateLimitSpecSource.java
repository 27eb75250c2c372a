package io.github.leakybucket.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;

/**
 * Finds the {@link RateLimited @RateLimited} that applies to a method, checks it, and caches the result per method
 * and target class.
 */
class RateLimitSpecSource {

	private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#([A-Za-z_$][A-Za-z0-9_$]*)");

	private static final Pattern INDEXED_PARAMETER = Pattern.compile("[ap](\\d+)");

	private final Map<MethodClassKey, RateLimitSpec> specs = new ConcurrentHashMap<>(256);

	private final RateLimitExpressionEvaluator evaluator = new RateLimitExpressionEvaluator();

	private final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private final Supplier<BucketRegistry> registry;

	private final StringValueResolver valueResolver;

	/**
	 * Creates a source.
	 * @param registry supplies the registry the bucket names are checked against, on first use
	 * @param valueResolver resolves placeholders in bucket names
	 */
	RateLimitSpecSource(Supplier<BucketRegistry> registry, StringValueResolver valueResolver) {
		this.registry = registry;
		this.valueResolver = valueResolver;
	}

	/**
	 * Returns the spec for a method invoked on a target class, resolving it on first use.
	 * @param method the invoked method, possibly from an interface
	 * @param targetClass the target class
	 * @return the spec, or {@code null} if the method is not rate limited
	 * @throws IllegalStateException if the annotation is invalid; the message names the method and the problem
	 */
	@Nullable RateLimitSpec get(Method method, Class<?> targetClass) {
		MethodClassKey cacheKey = new MethodClassKey(method, targetClass);
		RateLimitSpec spec = this.specs.get(cacheKey);
		if (spec == null) {
			spec = this.specs.computeIfAbsent(cacheKey, (key) -> resolve(method, targetClass));
		}
		return (spec != RateLimitSpec.NONE) ? spec : null;
	}

	/**
	 * Resolves and checks the specs of every method of a class, so that a bad annotation fails early.
	 * @param targetClass the class
	 * @throws IllegalStateException if an annotation is invalid; the message names the method and the problem
	 */
	void validate(Class<?> targetClass) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (!Modifier.isStatic(method.getModifiers())) {
				get(method, targetClass);
			}
		}
	}

	private RateLimitSpec resolve(Method method, Class<?> targetClass) {
		Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
		RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, RateLimited.class);
		if (annotation == null) {
			if (!appliesTypeLevel(specificMethod)) {
				return RateLimitSpec.NONE;
			}
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, RateLimited.class);
			if (annotation == null) {
				return RateLimitSpec.NONE;
			}
		}
		String description = describe(specificMethod, targetClass);
		try {
			return createSpec(annotation, specificMethod, targetClass, description);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@RateLimited on " + description + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean appliesTypeLevel(Method method) {
		return Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
				&& method.getDeclaringClass() != Object.class;
	}

	private RateLimitSpec createSpec(RateLimited annotation, Method method, Class<?> targetClass,
			String description) {
		String bucket = resolvePlaceholders(annotation.bucket());
		if (!StringUtils.hasText(bucket)) {
			throw new IllegalArgumentException("no bucket name given");
		}
		BucketRegistry registry = this.registry.get();
		if (!registry.contains(bucket)) {
			throw new IllegalArgumentException(
					"no bucket named '" + bucket + "' is configured; configured buckets are " + registry.names());
		}
		BucketConfig config = registry.config(bucket);
		long cost = annotation.cost();
		if (cost < 1 || cost > config.capacity()) {
			throw new IllegalArgumentException("cost must be between 1 and the capacity " + config.capacity()
					+ " of bucket '" + bucket + "': " + cost);
		}
		RateLimitKey key = createKey(annotation.key(), method, targetClass);
		Method fallback = findFallback(annotation.fallbackMethod(), method, targetClass);
		boolean fallbackTakesException = fallback != null
				&& fallback.getParameterCount() > method.getParameterCount();
		return new RateLimitSpec(bucket, key, cost, fallback, fallbackTakesException, description);
	}

	private String resolvePlaceholders(String value) {
		String resolved = this.valueResolver.resolveStringValue(value);
		return (resolved != null) ? resolved : value;
	}

	private @Nullable RateLimitKey createKey(String keyExpression, Method method, Class<?> targetClass) {
		if (!StringUtils.hasText(keyExpression)) {
			return null;
		}
		Expression expression;
		try {
			expression = this.evaluator.parse(keyExpression, method, targetClass);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("key expression '" + keyExpression + "' does not parse: "
					+ ex.getMessage(), ex);
		}
		Matcher reference = PARAMETER_REFERENCE.matcher(keyExpression.strip());
		if (reference.matches()) {
			int index = parameterIndex(reference.group(1), keyExpression, method);
			if (index >= 0) {
				return (arguments, target) -> arguments[index];
			}
		}
		return this.evaluator.key(expression, method);
	}

	/**
	 * Finds which parameter a plain {@code #name} expression names, so that the hot path can read the argument
	 * instead of evaluating SpEL.
	 */
	private int parameterIndex(String name, String keyExpression, Method method) {
		Matcher indexed = INDEXED_PARAMETER.matcher(name);
		if (indexed.matches()) {
			int index = Integer.parseInt(indexed.group(1));
			if (index >= method.getParameterCount()) {
				throw new IllegalArgumentException("key expression '" + keyExpression + "' names parameter "
						+ index + " but the method has " + method.getParameterCount());
			}
			return index;
		}
		String[] names = this.parameterNameDiscoverer.getParameterNames(method);
		if (names == null) {
			return -1;
		}
		int index = Arrays.asList(names).indexOf(name);
		if (index < 0 && !name.equals("root") && !name.equals("this")) {
			throw new IllegalArgumentException("key expression '" + keyExpression
					+ "' names no parameter; parameters are " + Arrays.toString(names));
		}
		return index;
	}

	private static @Nullable Method findFallback(String name, Method method, Class<?> targetClass) {
		if (!StringUtils.hasText(name)) {
			return null;
		}
		Class<?>[] parameterTypes = method.getParameterTypes();
		Class<?>[] withException = Arrays.copyOf(parameterTypes, parameterTypes.length + 1);
		withException[parameterTypes.length] = RateLimitedException.class;
		Method fallback = findMethod(targetClass, name, parameterTypes);
		if (fallback == null) {
			fallback = findMethod(targetClass, name, withException);
		}
		if (fallback == null || !returnTypeFits(method, fallback)) {
			throw new IllegalArgumentException("fallback method '" + name + "' not found in "
					+ ClassUtils.getShortName(targetClass) + "; expected " + name + signature(parameterTypes) + " or "
					+ name + signature(withException) + " returning " + method.getReturnType().getSimpleName());
		}
		ReflectionUtils.makeAccessible(fallback);
		return fallback;
	}

	private static @Nullable Method findMethod(Class<?> targetClass, String name, Class<?>[] parameterTypes) {
		Method found = ReflectionUtils.findMethod(targetClass, name, parameterTypes);
		if (found != null || parameterTypes.length == 0) {
			return found;
		}
		// Accept a wider last parameter, such as RejectedExecutionException, for the exception.
		for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
			if (candidate.getName().equals(name) && parametersAccept(candidate.getParameterTypes(), parameterTypes)) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean parametersAccept(Class<?>[] declared, Class<?>[] given) {
		if (declared.length != given.length) {
			return false;
		}
		for (int i = 0; i < declared.length; i++) {
			boolean last = i == declared.length - 1;
			if (!(last ? declared[i].isAssignableFrom(given[i]) : declared[i] == given[i])) {
				return false;
			}
		}
		return true;
	}

	private static boolean returnTypeFits(Method method, Method fallback) {
		Class<?> returnType = method.getReturnType();
		return returnType == void.class || ClassUtils.isAssignable(returnType, fallback.getReturnType());
	}

	private static String describe(Method method, Class<?> targetClass) {
		return ClassUtils.getShortName(targetClass) + "." + method.getName() + signature(method.getParameterTypes());
	}

	private static String signature(Class<?>[] parameterTypes) {
		return Arrays.stream(parameterTypes).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
	}

}
