package io.github.leakybucket.autoconfigure;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import io.github.leakybucket.actuate.LeakyBucketsEndpoint;
import io.github.leakybucket.annotation.RateLimitExpressionRootObject;
import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.annotation.RateLimitedException;
import io.github.leakybucket.autoconfigure.actuate.LeakyBucketEndpointAutoConfiguration;
import io.github.leakybucket.autoconfigure.annotation.RateLimitedAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.kv.KeyValueStoreAutoConfiguration;
import io.github.leakybucket.autoconfigure.metrics.LeakyBucketMetricsAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes an application with leakybucket's auto-configurations ahead of time, as {@code process-aot} does, and
 * checks the runtime hints a native image would need: for the properties, the endpoint's JSON, the annotation, its
 * key expressions and fallback methods, and the classes looked up by name.
 */
class AotProcessingTests {

	private static RuntimeHints hints;

	@BeforeAll
	static void processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues
				.of("leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1m",
						"management.endpoints.web.exposure.include=leakybuckets")
				.applyTo(context);
			context.register(Config.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(Config.class)), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			hints = generation.getRuntimeHints();
		}
	}

	@Test
	void registersThePropertiesForBinding() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(LeakyBucketProperties.BucketProperties.class, "setCapacity")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(DynamoDbProperties.class, "setEndpoint"))
			.accepts(hints);
	}

	@Test
	void registersTheEndpointOperationsAndTheirJson() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LeakyBucketsEndpoint.class, "buckets"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(LeakyBucketsEndpoint.BucketDescriptor.class)
			.withMemberCategory(MemberCategory.ACCESS_DECLARED_FIELDS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(LeakyBucketsEndpoint.StateDescriptor.class, "remaining")).accepts(hints);
	}

	@Test
	void registersTheAnnotationAndTheRootObjectOfKeyExpressions() {
		assertThat(RuntimeHintsPredicates.reflection().onType(RateLimited.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(RateLimited.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(RateLimitExpressionRootObject.class, "getArgs")).accepts(hints);
	}

	@Test
	void registersTheAnnotatedMethodsTheirFallbacksAndTheTypesAKeyNavigates() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GreetingService.class, "greet"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GreetingService.class, "later"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Caller.class, "name")).accepts(hints);
	}

	@Test
	void registersTheClassesLookedUpByName() {
		assertThat(RuntimeHintsPredicates.reflection().onType(JsonMapper.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(reactor.core.publisher.Mono.class)).accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EmbeddedDynamoDbAutoConfiguration.class, LeakyBucketDynamoDbAutoConfiguration.class,
			LeakyBucketAutoConfiguration.class, RateLimitedAutoConfiguration.class, KeyValueStoreAutoConfiguration.class,
			LeakyBucketMetricsAutoConfiguration.class, LeakyBucketEndpointAutoConfiguration.class })
	static class Config {

		@Bean
		GreetingService greetingService() {
			return new GreetingService();
		}

	}

	public record Caller(String name) {
	}

	public static class GreetingService {

		@RateLimited(bucket = "demo", key = "#caller.name()", fallbackMethod = "later")
		public String greet(Caller caller) {
			return "Hello, " + caller.name();
		}

		String later(Caller caller, RateLimitedException ex) {
			return "Later, " + caller.name();
		}

	}

}
