package io.github.leakybucket.autoconfigure.annotation;

import java.io.InputStream;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.annotation.RateLimitedBeanPostProcessor;
import io.github.leakybucket.annotation.RateLimitedException;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RateLimitedAutoConfiguration}.
 */
class RateLimitedAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LeakyBucketAutoConfiguration.class, RateLimitedAutoConfiguration.class))
		.withBean(BucketStorage.class, InMemoryBucketStorage::new)
		.withPropertyValues("leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h");

	@Test
	void offloadsReactiveDecisionsByDefault() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(RateLimitedBeanPostProcessor.class).isOffloadReactiveDecisions())
			.isTrue());
	}

	@Test
	void keepsReactiveDecisionsOnTheSubscribingThreadWhenTold() {
		this.contextRunner.withPropertyValues("leakybucket.reactive.offload-decisions=false")
			.run((context) -> assertThat(
					context.getBean(RateLimitedBeanPostProcessor.class).isOffloadReactiveDecisions())
				.isFalse());
	}

	@Test
	void rateLimitsAnnotatedBeansWithTheConfiguredBuckets() {
		this.contextRunner.withBean(GreetingService.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitedBeanPostProcessor.class);
			GreetingService service = context.getBean(GreetingService.class);
			service.hello();
			service.hello();
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::hello)
				.satisfies((ex) -> assertThat(ex.getBucketName()).isEqualTo("demo"));
		});
	}

	@Test
	void failsAtStartupOnAnUnknownBucket() {
		this.contextRunner.withBean(UnknownBucketService.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(BeanCreationException.class)
			.hasMessageContaining("@RateLimited on RateLimitedAutoConfigurationTests.UnknownBucketService.hello(): "
					+ "no bucket named 'nope' is configured; configured buckets are [demo]"));
	}

	@Test
	void checksBeforeTransactionalAndCacheableByDefault() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(RateLimitedBeanPostProcessor.class).getAdvisorOrder())
			.isEqualTo(RateLimitedBeanPostProcessor.DEFAULT_ADVISOR_ORDER)
			.isLessThan(Ordered.LOWEST_PRECEDENCE));
	}

	@Test
	void takesTheOrderFromProperties() {
		this.contextRunner.withPropertyValues("leakybucket.aspect.order=42")
			.run((context) -> assertThat(context.getBean(RateLimitedBeanPostProcessor.class).getAdvisorOrder())
				.isEqualTo(42));
	}

	@Test
	void proxiesClassesByDefault() {
		this.contextRunner.withBean(Greeter.class, InterfaceGreeter::new)
			.run((context) -> assertThat(AopUtils.isCglibProxy(context.getBean(Greeter.class))).isTrue());
	}

	@Test
	void proxiesInterfacesWhenClassProxyingIsOff() {
		this.contextRunner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(Greeter.class, InterfaceGreeter::new)
			.run((context) -> assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Greeter.class))).isTrue());
	}

	@Test
	void backsOffToAnApplicationPostProcessor() {
		this.contextRunner.withBean("ownPostProcessor", RateLimitedBeanPostProcessor.class)
			.run((context) -> assertThat(context).getBeans(RateLimitedBeanPostProcessor.class)
				.containsOnlyKeys("ownPostProcessor"));
	}

	@Test
	void metadataDefaultOfTheOrderAgreesWithTheCode() throws Exception {
		try (InputStream in = new ClassPathResource("META-INF/additional-spring-configuration-metadata.json")
			.getInputStream()) {
			List<Object> defaults = JsonPath.read(in,
					"$.properties[?(@.name == 'leakybucket.aspect.order')].defaultValue");
			assertThat(defaults).containsExactly(RateLimitedBeanPostProcessor.DEFAULT_ADVISOR_ORDER);
		}
	}

	static class GreetingService {

		@RateLimited("demo")
		public String hello() {
			return "hello";
		}

	}

	static class UnknownBucketService {

		@RateLimited("nope")
		public void hello() {
		}

	}

	interface Greeter {

		String greet(String name);

	}

	static class InterfaceGreeter implements Greeter {

		@Override
		@RateLimited("demo")
		public String greet(String name) {
			return "hello " + name;
		}

	}

}
