package io.github.leakybucket.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.annotation.RateLimitedBeanPostProcessor;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.MutableClock;
import io.github.leakybucket.web.reactive.RateLimitHeadersWebFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Tests for {@link RateLimitedExceptionHandler} and {@link RateLimitHeadersWebFilter} in a Spring WebFlux
 * application whose handlers return {@code Mono} and {@code Flux}: the same answers as in Spring MVC. Buckets
 * {@code closed} and {@code open} are on a DynamoDB storage whose endpoint refuses connections.
 */
class RateLimitedWebFluxTests {

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private AnnotationConfigApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void admittedResponsesCarryTheRateLimitFields() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/hello").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("RateLimit-Policy", "\"demo\";q=2;w=10")
			.expectHeader().valueEquals("RateLimit", "\"demo\";r=1;t=5")
			.expectHeader().doesNotExist("Retry-After")
			.expectBody(String.class).isEqualTo("hello");
	}

	@Test
	void rejectedMonoGets429WithProblemDetailAndHeaders() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/hello").exchange().expectStatus().isOk();
		client.get().uri("/hello").exchange().expectStatus().isOk();
		client.get().uri("/hello").exchange()
			.expectStatus().isEqualTo(429)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueEquals("Retry-After", "5")
			.expectHeader().valueEquals("RateLimit-Policy", "\"demo\";q=2;w=10")
			.expectHeader().valueEquals("RateLimit", "\"demo\";r=0;t=5")
			.expectBody()
			.jsonPath("$.status").isEqualTo(429)
			.jsonPath("$.title").isEqualTo("Too Many Requests")
			.jsonPath("$.detail").isEqualTo("Rate limit of bucket 'demo' exceeded; retry after 5 seconds")
			.jsonPath("$.bucket").isEqualTo("demo")
			.jsonPath("$.retryAfter").isEqualTo(5)
			.jsonPath("$.instance").isEqualTo("/hello");
	}

	@Test
	void rejectedFluxGets429() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/letters").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("ab");
		client.get().uri("/letters").exchange().expectStatus().isOk();
		client.get().uri("/letters").exchange()
			.expectStatus().isEqualTo(429)
			.expectHeader().valueEquals("RateLimit", "\"demo\";r=0;t=5")
			.expectBody().jsonPath("$.bucket").isEqualTo("demo");
	}

	@Test
	void keepsOneBucketPerKey() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/users/alice/hello").exchange().expectStatus().isOk();
		client.get().uri("/users/alice/hello").exchange()
			.expectStatus().isEqualTo(429)
			.expectHeader().valueEquals("RateLimit-Policy", "\"per-user\";q=1;w=5");
		client.get().uri("/users/bob/hello").exchange().expectStatus().isOk();
	}

	@Test
	void leavesTheRateLimitFieldsOutWhenSwitchedOff() {
		WebTestClient client = client(WebFluxConfiguration.class, NoHeadersConfiguration.class);
		client.get().uri("/hello").exchange().expectStatus().isOk().expectHeader().doesNotExist("RateLimit");
		client.get().uri("/hello").exchange();
		client.get().uri("/hello").exchange()
			.expectStatus().isEqualTo(429)
			.expectHeader().valueEquals("Retry-After", "5")
			.expectHeader().doesNotExist("RateLimit-Policy")
			.expectHeader().doesNotExist("RateLimit");
	}

	@Test
	void storageFailureOfAFailClosedBucketGets503ProblemWithTheConfiguredRetryAfter() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/closed").exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueEquals("Retry-After", "3")
			.expectHeader().doesNotExist("RateLimit-Policy")
			.expectHeader().doesNotExist("RateLimit")
			.expectBody()
			.jsonPath("$.status").isEqualTo(503)
			.jsonPath("$.title").isEqualTo("Service Unavailable")
			.jsonPath("$.detail").isEqualTo("Rate limit of bucket 'closed' could not be checked; retry after 3 seconds")
			.jsonPath("$.bucket").isEqualTo("closed")
			.jsonPath("$.retryAfter").isEqualTo(3);
	}

	@Test
	void storageFailureOfAFailOpenBucketAdmitsWithoutTheRateLimitFields() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/open").exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist("RateLimit-Policy")
			.expectHeader().doesNotExist("RateLimit")
			.expectBody(String.class).isEqualTo("open");
	}

	@Test
	void nullKeyGets400ProblemNamingTheBucket() {
		WebTestClient client = client(WebFluxConfiguration.class, HeadersConfiguration.class);
		client.get().uri("/header").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail").isEqualTo("The request has no value for the rate-limit key of bucket 'per-user'")
			.jsonPath("$.bucket").isEqualTo("per-user");
		client.get().uri("/header").header("X-User", "alice").exchange().expectStatus().isOk();
	}

	private WebTestClient client(Class<?>... configurations) {
		this.context = new AnnotationConfigApplicationContext(configurations);
		return WebTestClient.bindToApplicationContext(this.context).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class WebFluxConfiguration {

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor() {
			return new RateLimitedBeanPostProcessor();
		}

		@Bean(destroyMethod = "close")
		DynamoDbClient unreachableClient() throws IOException {
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			return DynamoDbClient.builder()
				.endpointOverride(URI.create("http://127.0.0.1:" + port))
				.region(EmbeddedDynamoDbLocal.REGION)
				.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
				.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
				.build();
		}

		@Bean
		BucketRegistry bucketRegistry(DynamoDbClient unreachableClient) {
			Map<String, BucketConfig> configs = new LinkedHashMap<>();
			configs.put("demo", BucketConfig.of(2, Duration.ofSeconds(10)));
			configs.put("per-user", BucketConfig.of(1, Duration.ofSeconds(5)));
			configs.put("closed", BucketConfig.of(2, Duration.ofSeconds(10)).withFailureMode(FailureMode.FAIL_CLOSED));
			configs.put("open", BucketConfig.of(2, Duration.ofSeconds(10)));
			BucketStorage memory = new InMemoryBucketStorage(clock, DecisionListener.NONE);
			BucketStorage unreachable = DynamoDbBucketStorage.builder(unreachableClient).verifyTable(false).build();
			BucketStorage storage = (name, key, config) -> (name.equals("closed") || name.equals("open")
					? unreachable : memory).create(name, key, config);
			return new BucketRegistry(storage, configs, 100);
		}

		@Bean
		HelloController helloController() {
			return new HelloController();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HeadersConfiguration {

		@Bean
		RateLimitedExceptionHandler rateLimitedExceptionHandler() {
			return new RateLimitedExceptionHandler(true, Duration.ofMillis(2500), clock);
		}

		@Bean
		RateLimitHeadersWebFilter rateLimitHeadersWebFilter() {
			return new RateLimitHeadersWebFilter(clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoHeadersConfiguration {

		@Bean
		RateLimitedExceptionHandler rateLimitedExceptionHandler() {
			return new RateLimitedExceptionHandler(false, Duration.ofSeconds(1), clock);
		}

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		@RateLimited("demo")
		public Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/letters")
		@RateLimited("demo")
		public Flux<String> letters() {
			return Flux.just("a", "b");
		}

		@GetMapping("/closed")
		@RateLimited("closed")
		public Mono<String> closed() {
			return Mono.just("closed");
		}

		@GetMapping("/open")
		@RateLimited("open")
		public Mono<String> open() {
			return Mono.just("open");
		}

		@GetMapping("/header")
		@RateLimited(bucket = "per-user", key = "#user")
		public Mono<String> header(@RequestHeader(name = "X-User", required = false) String user) {
			return Mono.just("hello " + user);
		}

		@GetMapping("/users/{id}/hello")
		@RateLimited(bucket = "per-user", key = "#id")
		public Mono<String> helloUser(@PathVariable String id) {
			return Mono.just("hello " + id);
		}

	}

}
