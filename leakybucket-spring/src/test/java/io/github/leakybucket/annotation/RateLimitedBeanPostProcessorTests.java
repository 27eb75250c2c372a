package io.github.leakybucket.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AliasFor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RateLimitedBeanPostProcessor}.
 */
class RateLimitedBeanPostProcessorTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(MutableClock.class, () -> this.clock)
		.withUserConfiguration(RateLimitConfiguration.class);

	@Test
	void admitsCallsUntilTheBucketIsFullThenThrows() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			for (int i = 0; i < 3; i++) {
				assertThat(service.hello()).isEqualTo("hello");
			}
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::hello).satisfies((ex) -> {
				assertThat(ex.getBucketName()).isEqualTo("small");
				assertThat(ex.getKey()).isNull();
				assertThat(ex.getState().admitted()).isFalse();
				assertThat(ex.getState().capacity()).isEqualTo(3);
				assertThat(ex.getRetryAfter()).isPositive().isEqualTo(ex.getState().retryAfter());
				assertThat(ex.getDrainTime()).isEqualTo(Duration.ofSeconds(3));
			});
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void rateLimitedExceptionIsARejectedExecutionException() {
		assertThat(RejectedExecutionException.class).isAssignableFrom(RateLimitedException.class);
	}

	@Test
	void admitsAgainAfterTheBucketDrained() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			for (int i = 0; i < 3; i++) {
				service.hello();
			}
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::hello);
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(service.hello()).isEqualTo("hello");
		});
	}

	@Test
	void drainsTheCostPerCall() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			service.expensive();
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::expensive)
				.satisfies((ex) -> assertThat(ex.getState().remaining()).isEqualTo(1));
		});
	}

	@Test
	void keepsOneBucketPerKey() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			for (int i = 0; i < 3; i++) {
				service.helloUser("alice");
			}
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> service.helloUser("alice"))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("alice"));
			assertThat(service.helloUser("bob")).isEqualTo("hello bob");
		});
	}

	@Test
	void evaluatesSpelKeyExpressions() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			for (int i = 0; i < 3; i++) {
				service.helloRequest(new Request("10.0.0.1"));
			}
			assertThatExceptionOfType(RateLimitedException.class)
				.isThrownBy(() -> service.helloRequest(new Request("10.0.0.1")))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("10.0.0.1"));
			assertThat(service.helloRequest(new Request("10.0.0.2"))).isEqualTo("hello 10.0.0.2");
		});
	}

	@Test
	void rejectsANullKeyWithoutInvokingTheMethod() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			assertThatExceptionOfType(MissingRateLimitKeyException.class).isThrownBy(() -> service.helloUser(null))
				.withMessage("Rate-limit key of bucket 'small' is null for RateLimitedBeanPostProcessorTests.GreetingService.helloUser(String); "
						+ "a null key would share one bucket between unrelated calls");
			assertThat(service.invocations()).isZero();
		});
	}

	@Test
	void keysAreStringsNumbersUuidsEnumsOrCharSequencesByValue() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			service.helloAny(42);
			service.helloAny(42L);
			service.helloAny(new StringBuilder("42"));
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> service.helloAny("42"))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("42"));
			UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
			service.helloAny(id);
			service.helloAny(id.toString());
			service.helloAny(Size.LARGE);
			service.helloAny("LARGE");
			assertThat(service.invocations()).isEqualTo(7);
		});
	}

	@Test
	void keyOfAnotherTypeFailsNamingTheMethodAndTheType() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			assertThatIllegalStateException().isThrownBy(() -> service.helloAny(new Visitor()))
				.withMessage("Rate-limit key of bucket 'small' for RateLimitedBeanPostProcessorTests.GreetingService"
						+ ".helloAny(Object) is a io.github.leakybucket.annotation.RateLimitedBeanPostProcessorTests$Visitor"
						+ "; a key must be a String, Number, UUID, enum or CharSequence, so that its string form is its value");
			assertThat(service.invocations()).isZero();
		});
	}

	@Test
	void invokesTheFallbackInsteadOfThrowing() {
		this.contextRunner.withBean(FallbackService.class).run((context) -> {
			FallbackService service = context.getBean(FallbackService.class);
			service.hello("alice");
			assertThat(service.hello("alice")).isEqualTo("busy alice");
			service.helloWithReason("bob");
			assertThat(service.helloWithReason("bob")).isEqualTo("busy bob on one");
		});
	}

	@Test
	void appliesATypeLevelAnnotationToPublicMethods() {
		this.contextRunner.withBean(TypeLevelService.class).run((context) -> {
			TypeLevelService service = context.getBean(TypeLevelService.class);
			service.first();
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::second)
				.satisfies((ex) -> assertThat(ex.getBucketName()).isEqualTo("one"));
		});
	}

	@Test
	void letsAMethodLevelAnnotationOverrideTheTypeLevelOne() {
		this.contextRunner.withBean(TypeLevelService.class).run((context) -> {
			TypeLevelService service = context.getBean(TypeLevelService.class);
			service.first();
			for (int i = 0; i < 3; i++) {
				service.overridden();
			}
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::overridden)
				.satisfies((ex) -> assertThat(ex.getBucketName()).isEqualTo("small"));
		});
	}

	@Test
	void leavesObjectMethodsOfATypeLevelAnnotatedBeanAlone() {
		this.contextRunner.withBean(TypeLevelService.class).run((context) -> {
			TypeLevelService service = context.getBean(TypeLevelService.class);
			service.first();
			assertThat(service.toString()).isNotNull();
			assertThat(service.hashCode()).isEqualTo(service.hashCode());
		});
	}

	@Test
	void supportsComposedAnnotations() {
		this.contextRunner.withBean(ComposedService.class).run((context) -> {
			ComposedService service = context.getBean(ComposedService.class);
			service.hello("alice");
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> service.hello("alice"))
				.satisfies((ex) -> {
					assertThat(ex.getBucketName()).isEqualTo("one");
					assertThat(ex.getKey()).isEqualTo("alice");
				});
			assertThat(service.hello("bob")).isEqualTo("hello bob");
		});
	}

	@Test
	void resolvesPlaceholdersInBucketNames() {
		this.contextRunner.withPropertyValues("app.bucket=one").withBean(PlaceholderService.class).run((context) -> {
			PlaceholderService service = context.getBean(PlaceholderService.class);
			service.hello();
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::hello)
				.satisfies((ex) -> assertThat(ex.getBucketName()).isEqualTo("one"));
		});
	}

	@Test
	void findsAnnotationsOnTheImplementationOfAnInterfaceProxy() {
		this.contextRunner.withBean(Greeter.class, InterfaceGreeter::new).run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
			greeter.greet("alice");
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> greeter.greet("alice"))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("alice"));
		});
	}

	@Test
	void evaluatesSpelKeysWithTheImplementationsParameterNamesBehindAnInterfaceProxy() {
		this.contextRunner.withBean(Greeter.class, InterfaceGreeter::new).run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			greeter.greetLoudly("alice");
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> greeter.greetLoudly("alice"))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("ALICE"));
		});
	}

	@Test
	void leavesBeansWithoutTheAnnotationUnproxied() {
		this.contextRunner.withBean(PlainService.class).run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(PlainService.class))).isFalse();
		});
	}

	@Test
	void tellsObserversAboutEveryDecision() {
		List<BucketState> decisions = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(GreetingService.class)
			.withBean(RateLimitedDecisionObserver.class, () -> (bucket, state) -> decisions.add(state))
			.run((context) -> {
				GreetingService service = context.getBean(GreetingService.class);
				for (int i = 0; i < 3; i++) {
					service.hello();
				}
				assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::hello);
				assertThat(decisions).extracting(BucketState::admitted).containsExactly(true, true, true, false);
			});
	}

	@Test
	void failsOnAnUnknownBucket() {
		this.contextRunner.withBean(UnknownBucketService.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.UnknownBucketService.hello(): no bucket named 'nope' is configured; "
					+ "configured buckets are [small, one]"));
	}

	@Test
	void failsOnAKeyExpressionThatDoesNotParse() {
		this.contextRunner.withBean(BadExpressionService.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.BadExpressionService.hello(String): key expression '#id +' "
					+ "does not parse"));
	}

	@Test
	void failsOnAKeyThatNamesNoParameter() {
		this.contextRunner.withBean(UnknownParameterService.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.UnknownParameterService.hello(String): key expression '#userId' "
					+ "names no parameter; parameters are [id]"));
	}

	@Test
	void failsOnAMissingFallback() {
		this.contextRunner.withBean(MissingFallbackService.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.MissingFallbackService.hello(String): fallback method 'busy' "
					+ "not found in RateLimitedBeanPostProcessorTests.MissingFallbackService; expected busy(String) or "
					+ "busy(String, RateLimitedException) returning String"));
	}

	@Test
	void failsOnAFallbackWithTheWrongParameters() {
		this.contextRunner.withBean(MismatchedFallbackService.class).run((context) -> assertThat(context)
			.getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.MismatchedFallbackService.hello(String): fallback method 'busy' "
					+ "not found"));
	}

	@Test
	void failsOnAFallbackWithTheWrongReturnType() {
		this.contextRunner.withBean(WrongReturnFallbackService.class).run((context) -> assertThat(context)
			.getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.WrongReturnFallbackService.hello(String): fallback method 'busy' "
					+ "not found in RateLimitedBeanPostProcessorTests.WrongReturnFallbackService; expected busy(String) or "
					+ "busy(String, RateLimitedException) returning String"));
	}

	@Test
	void failsOnACostLargerThanTheCapacity() {
		this.contextRunner.withBean(TooExpensiveService.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedBeanPostProcessorTests.TooExpensiveService.hello(): cost must be between 1 and the "
					+ "capacity 3 of bucket 'small': 4"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RateLimitConfiguration {

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor() {
			return new RateLimitedBeanPostProcessor();
		}

		@Bean
		BucketRegistry bucketRegistry(MutableClock clock) {
			Map<String, BucketConfig> configs = new java.util.LinkedHashMap<>();
			configs.put("small", BucketConfig.of(3, Duration.ofSeconds(3)));
			configs.put("one", BucketConfig.of(1, Duration.ofSeconds(1)));
			return new BucketRegistry(new InMemoryBucketStorage(clock, DecisionListener.NONE), configs, 100);
		}

	}

	record Request(String remoteAddr) {
	}

	enum Size {

		LARGE

	}

	/** An entity whose string form is its identity. */
	static class Visitor {

	}

	static class GreetingService {

		private final AtomicInteger invocations = new AtomicInteger();

		public int invocations() {
			return this.invocations.get();
		}

		@RateLimited("small")
		public String hello() {
			this.invocations.incrementAndGet();
			return "hello";
		}

		@RateLimited(bucket = "small", cost = 2)
		public String expensive() {
			return "hello";
		}

		@RateLimited(bucket = "small", key = "#user")
		public String helloUser(String user) {
			this.invocations.incrementAndGet();
			return "hello " + user;
		}

		@RateLimited(bucket = "small", key = "#key")
		public String helloAny(Object key) {
			this.invocations.incrementAndGet();
			return "hello " + key;
		}

		@RateLimited(bucket = "small", key = "#request.remoteAddr")
		public String helloRequest(Request request) {
			return "hello " + request.remoteAddr();
		}

	}

	static class FallbackService {

		@RateLimited(bucket = "one", key = "#name", fallbackMethod = "busy")
		public String hello(String name) {
			return "hello " + name;
		}

		@RateLimited(bucket = "one", key = "#name", fallbackMethod = "busyBecause")
		public String helloWithReason(String name) {
			return "hello " + name;
		}

		private String busy(String name) {
			return "busy " + name;
		}

		private String busyBecause(String name, RateLimitedException ex) {
			return "busy " + name + " on " + ex.getBucketName();
		}

	}

	@RateLimited("one")
	static class TypeLevelService {

		public void first() {
		}

		public void second() {
		}

		@RateLimited("small")
		public void overridden() {
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@RateLimited(bucket = "one", key = "#user")
	@interface PerUserLimit {

		@AliasFor(annotation = RateLimited.class, attribute = "key")
		String key() default "#user";

	}

	static class ComposedService {

		@PerUserLimit(key = "#name")
		public String hello(String name) {
			return "hello " + name;
		}

	}

	static class PlaceholderService {

		@RateLimited("${app.bucket}")
		public void hello() {
		}

	}

	interface Greeter {

		String greet(String name);

		String greetLoudly(String name);

	}

	static class InterfaceGreeter implements Greeter {

		@Override
		@RateLimited(bucket = "one", key = "#name")
		public String greet(String name) {
			return "hello " + name;
		}

		@Override
		@RateLimited(bucket = "one", key = "#name.toUpperCase()")
		public String greetLoudly(String name) {
			return "HELLO " + name;
		}

	}

	static class PlainService {

		public void hello() {
		}

	}

	static class UnknownBucketService {

		@RateLimited("nope")
		public void hello() {
		}

	}

	static class BadExpressionService {

		@RateLimited(bucket = "small", key = "#id +")
		public void hello(String id) {
		}

	}

	static class UnknownParameterService {

		@RateLimited(bucket = "small", key = "#userId")
		public void hello(String id) {
		}

	}

	static class MissingFallbackService {

		@RateLimited(bucket = "small", fallbackMethod = "busy")
		public String hello(String id) {
			return id;
		}

	}

	static class MismatchedFallbackService {

		@RateLimited(bucket = "small", fallbackMethod = "busy")
		public String hello(String id) {
			return id;
		}

		String busy(Integer id) {
			return "busy";
		}

	}

	static class WrongReturnFallbackService {

		@RateLimited(bucket = "small", fallbackMethod = "busy")
		public String hello(String id) {
			return id;
		}

		List<String> busy(String id) {
			return new ArrayList<>();
		}

	}

	static class TooExpensiveService {

		@RateLimited(bucket = "small", cost = 4)
		public void hello() {
		}

	}

}
