package io.github.leakybucket.autoconfigure.web;

import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.annotation.RateLimitedAutoConfiguration;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.web.RateLimitHeadersObserver;
import io.github.leakybucket.web.RateLimitedExceptionHandler;
import io.github.leakybucket.web.reactive.RateLimitHeadersWebFilter;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.DispatcherHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitedWebFluxAutoConfiguration}, including a WebFlux application assembled by Spring Boot's
 * own auto-configurations and driven by {@link WebTestClient}.
 */
class RateLimitedWebFluxAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LeakyBucketAutoConfiguration.class,
				RateLimitedAutoConfiguration.class, RateLimitedWebFluxAutoConfiguration.class,
				RateLimitedWebMvcAutoConfiguration.class, WebFluxAutoConfiguration.class,
				HttpHandlerAutoConfiguration.class, CodecsAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withBean(BucketStorage.class, InMemoryBucketStorage::new)
		.withPropertyValues("leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h");

	@Test
	void answersRejectionsAndWritesTheRateLimitFields() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimitedExceptionHandler.class);
			assertThat(context).hasSingleBean(RateLimitHeadersWebFilter.class);
			assertThat(context).doesNotHaveBean(RateLimitHeadersObserver.class);
		});
	}

	@Test
	void answersTheCallOverTheCapacityOfAMonoHandlerWith429AndTheRateLimitFields() {
		this.contextRunner.withBean(HelloController.class).run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get().uri("/hello").exchange()
				.expectStatus().isOk()
				.expectHeader().valueEquals("RateLimit-Policy", "\"demo\";q=2;w=3600")
				.expectHeader().valueMatches("RateLimit", "\"demo\";r=1;t=\\d+")
				.expectBody(String.class).isEqualTo("hello");
			client.get().uri("/hello").exchange().expectStatus().isOk();
			client.get().uri("/hello").exchange()
				.expectStatus().isEqualTo(429)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().valueMatches("Retry-After", "\\d+")
				.expectHeader().valueMatches("RateLimit", "\"demo\";r=0;t=\\d+")
				.expectBody()
				.jsonPath("$.bucket").isEqualTo("demo")
				.jsonPath("$.instance").isEqualTo("/hello");
		});
	}

	@Test
	void writesNoRateLimitFieldsWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("leakybucket.web.headers=false").run((context) -> {
			assertThat(context).hasSingleBean(RateLimitedExceptionHandler.class);
			assertThat(context).doesNotHaveBean(RateLimitHeadersWebFilter.class);
		});
	}

	@Test
	void storageFailureRetryAfterUnderOneSecondFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("leakybucket.web.storage-failure-retry-after=500ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.web.storage-failure-retry-after")
				.hasMessageContaining("at least 1s"));
	}

	@Test
	void backsOffToAnApplicationHandlerAndFilter() {
		this.contextRunner.withBean("ownHandler", RateLimitedExceptionHandler.class)
			.withBean("ownFilter", RateLimitHeadersWebFilter.class)
			.run((context) -> {
				assertThat(context).getBeans(RateLimitedExceptionHandler.class).containsOnlyKeys("ownHandler");
				assertThat(context).getBeans(RateLimitHeadersWebFilter.class).containsOnlyKeys("ownFilter");
			});
	}

	@Test
	void backsOffWithoutSpringWebFlux() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherHandler.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RateLimitedExceptionHandler.class);
				assertThat(context).doesNotHaveBean(RateLimitHeadersWebFilter.class);
			});
	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		@RateLimited("demo")
		public Mono<String> hello() {
			return Mono.just("hello");
		}

	}

}
