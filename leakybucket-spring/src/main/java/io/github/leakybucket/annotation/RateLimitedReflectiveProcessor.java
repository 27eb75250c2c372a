package io.github.leakybucket.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Registers what a {@link RateLimited @RateLimited} bean needs by reflection at run time, for Spring AOT and
 * native images: the annotated methods (read for the annotation and their parameter names), the
 * {@link RateLimited#fallbackMethod() fallback methods} (invoked by reflection), and, where a
 * {@link RateLimited#key() key} is a SpEL expression, the public methods of the parameter types it may navigate.
 * <p>
 * Found by Spring's {@code @Reflective} support on the types of the context's beans.
 */
final class RateLimitedReflectiveProcessor extends SimpleReflectiveProcessor {

	@Override
	protected void registerTypeHint(ReflectionHints hints, Class<?> type) {
		super.registerTypeHint(hints, type);
		RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(type, RateLimited.class);
		if (annotation == null) {
			return;
		}
		for (Method method : type.getMethods()) {
			if (!Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
				RateLimited own = AnnotatedElementUtils.findMergedAnnotation(method, RateLimited.class);
				registerRateLimitedMethod(hints, method, type, (own != null) ? own : annotation);
			}
		}
	}

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method, RateLimited.class);
		if (annotation != null) {
			registerRateLimitedMethod(hints, method, method.getDeclaringClass(), annotation);
		}
		else {
			super.registerMethodHint(hints, method);
		}
	}

	private static void registerRateLimitedMethod(ReflectionHints hints, Method method, Class<?> type,
			RateLimited annotation) {
		hints.registerMethod(method, ExecutableMode.INVOKE);
		String fallback = annotation.fallbackMethod();
		if (StringUtils.hasText(fallback)) {
			ReflectionUtils.doWithMethods(type, (candidate) -> hints.registerMethod(candidate, ExecutableMode.INVOKE),
					(candidate) -> candidate.getName().equals(fallback));
		}
		if (StringUtils.hasText(annotation.key())) {
			for (Class<?> parameterType : method.getParameterTypes()) {
				if (!parameterType.isPrimitive()) {
					hints.registerType(parameterType, MemberCategory.INVOKE_PUBLIC_METHODS);
				}
			}
		}
	}

}
