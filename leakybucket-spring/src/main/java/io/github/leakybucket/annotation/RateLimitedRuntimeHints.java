package io.github.leakybucket.annotation;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.core.annotation.MergedAnnotation;

/**
 * {@link RuntimeHintsRegistrar} for {@link RateLimited @RateLimited} as a whole: the annotation, read and
 * synthesized through {@link MergedAnnotation} (its attributes are aliases); the root object of key expressions,
 * which SpEL reads by reflection; and the class the interceptor checks for to support reactive return types.
 * What depends on the annotated beans is registered by {@link RateLimitedReflectiveProcessor}.
 */
class RateLimitedRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.reflection().registerType(RateLimited.class, MemberCategory.INVOKE_DECLARED_METHODS);
		hints.proxies().registerJdkProxy(RateLimited.class);
		hints.reflection().registerType(RateLimitExpressionRootObject.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerTypeIfPresent(classLoader, "reactor.core.publisher.Mono");
	}

}
