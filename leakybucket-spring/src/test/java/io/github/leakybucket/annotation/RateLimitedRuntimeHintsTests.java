package io.github.leakybucket.annotation;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitedRuntimeHints} and {@link RateLimitedReflectiveProcessor}.
 */
class RateLimitedRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(RateLimitedRuntimeHints.class);
	}

	@Test
	void registersTheAnnotationForReadingAndSynthesizing() {
		new RateLimitedRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(RateLimited.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(RateLimited.class)).accepts(this.hints);
	}

	@Test
	void registersTheRootObjectOfKeyExpressions() {
		new RateLimitedRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RateLimitExpressionRootObject.class,
				"getMethod")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RateLimitExpressionRootObject.class,
				"getArgs")).accepts(this.hints);
	}

	@Test
	void registersTheReactorPresenceCheck() {
		new RateLimitedRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(reactor.core.publisher.Mono.class)).accepts(this.hints);
	}

	@Test
	void registersAnnotatedMethodsForInvocation() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Annotated.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(Annotated.class, "byId")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(Annotated.class, "plain")))
			.rejects(this.hints);
	}

	@Test
	void registersFallbackMethodsForInvocation() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Annotated.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(Annotated.class, "byIdFallback")))
			.accepts(this.hints);
	}

	@Test
	void registersTheParameterTypesThatAKeyExpressionNavigates() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Annotated.class);
		assertThat(RuntimeHintsPredicates.reflection().onType(Caller.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Unkeyed.class)).rejects(this.hints);
	}

	@Test
	void registersEveryPublicMethodAndTheFallbackOfATypeLevelAnnotation() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, TypeLevel.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(TypeLevel.class, "first")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(TypeLevel.class, "second")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(TypeLevel.class, "rejected")))
			.accepts(this.hints);
	}

	private static Method method(Class<?> type, String name) {
		return ReflectionUtils.findMethod(type, name, (Class<?>[]) null);
	}

	record Caller(String name) {
	}

	record Unkeyed(String name) {
	}

	static class Annotated {

		@RateLimited(bucket = "demo", key = "#caller.name()", fallbackMethod = "byIdFallback")
		public String byId(Caller caller) {
			return caller.name();
		}

		@RateLimited("demo")
		public String shared(Unkeyed unkeyed) {
			return unkeyed.name();
		}

		@SuppressWarnings("unused")
		private String byIdFallback(Caller caller, RateLimitedException ex) {
			return "later";
		}

		public void plain() {
		}

	}

	@RateLimited(bucket = "demo", fallbackMethod = "rejected")
	static class TypeLevel {

		public String first() {
			return "first";
		}

		public String second() {
			return "second";
		}

		String rejected() {
			return "later";
		}

	}

}
