package io.github.leakybucket.web;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.annotation.RateLimitedBeanPostProcessor;
import io.github.leakybucket.annotation.RateLimitedException;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link RateLimitedExceptionHandler} and {@link RateLimitHeadersObserver} in a Spring MVC application.
 */
class RateLimitedWebTests {

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private AnnotationConfigWebApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void admittedRequestsCarryTheRateLimitFields() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/hello"))
			.andExpect(status().isOk())
			.andExpect(content().string("hello"))
			.andExpect(header().string("RateLimit-Policy", "\"demo\";q=2;w=10"))
			.andExpect(header().string("RateLimit", "\"demo\";r=1;t=5"))
			.andExpect(header().doesNotExist("Retry-After"));
	}

	@Test
	void admittedResponseEntitiesKeepTheirHeadersAndGainTheRateLimitFields() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/entity"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Own", "yes"))
			.andExpect(header().string("RateLimit-Policy", "\"demo\";q=2;w=10"))
			.andExpect(header().string("RateLimit", "\"demo\";r=1;t=5"));
	}

	@Test
	void rejectedRequestsGet429WithProblemDetailAndHeaders() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(header().string("RateLimit-Policy", "\"demo\";q=2;w=10"))
			.andExpect(header().string("RateLimit", "\"demo\";r=0;t=5"))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.title").value("Too Many Requests"))
			.andExpect(jsonPath("$.detail").value("Rate limit of bucket 'demo' exceeded; retry after 5 seconds"))
			.andExpect(jsonPath("$.bucket").value("demo"))
			.andExpect(jsonPath("$.retryAfter").value(5))
			.andExpect(jsonPath("$.instance").value("/hello"));
	}

	@Test
	void admitsAgainAfterTheDrain() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello")).andExpect(status().isTooManyRequests());
		clock.advance(Duration.ofSeconds(5));
		mvc.perform(get("/hello")).andExpect(status().isOk());
	}

	@Test
	void keepsOneBucketPerKey() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/users/alice/hello")).andExpect(status().isOk());
		mvc.perform(get("/users/alice/hello"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("RateLimit-Policy", "\"per-user\";q=1;w=5"));
		mvc.perform(get("/users/bob/hello")).andExpect(status().isOk());
	}

	@Test
	void leavesTheRateLimitFieldsOutWhenSwitchedOff() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, NoHeadersConfiguration.class);
		mvc.perform(get("/hello")).andExpect(status().isOk()).andExpect(header().doesNotExist("RateLimit"));
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(header().doesNotExist("RateLimit-Policy"))
			.andExpect(header().doesNotExist("RateLimit"));
	}

	@Test
	void storageFailureOfAFailClosedBucketGets503ProblemWithTheConfiguredRetryAfter() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/closed"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "3"))
			.andExpect(header().doesNotExist("RateLimit-Policy"))
			.andExpect(header().doesNotExist("RateLimit"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.title").value("Service Unavailable"))
			.andExpect(jsonPath("$.detail").value("Rate limit of bucket 'closed' could not be checked; retry after 3 seconds"))
			.andExpect(jsonPath("$.bucket").value("closed"))
			.andExpect(jsonPath("$.retryAfter").value(3));
	}

	@Test
	void storageFailureOfAFailOpenBucketAdmitsWithoutTheRateLimitFields() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/open"))
			.andExpect(status().isOk())
			.andExpect(content().string("open"))
			.andExpect(header().doesNotExist("RateLimit-Policy"))
			.andExpect(header().doesNotExist("RateLimit"));
	}

	@Test
	void rejectionWithoutAWaitStillSaysRetryAfterOneSecond() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/now"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(jsonPath("$.retryAfter").value(1))
			.andExpect(jsonPath("$.detail").value("Rate limit of bucket 'now' exceeded; retry after 1 second"));
	}

	@Test
	void nullKeyGets400ProblemNamingTheBucket() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class);
		mvc.perform(get("/header"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The request has no value for the rate-limit key of bucket 'per-user'"))
			.andExpect(jsonPath("$.bucket").value("per-user"));
		mvc.perform(get("/header").header("X-User", "alice")).andExpect(status().isOk());
	}

	@Test
	void storageFailureRetryAfterUnderOneSecondIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitedExceptionHandler(true, Duration.ofMillis(999), clock))
			.withMessage("storageFailureRetryAfter must be at least 1 s: PT0.999S");
	}

	@Test
	void yieldsToAnUnorderedApplicationAdviceRegisteredFirst() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, ApplicationAdvice.class, HeadersConfiguration.class);
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello")).andExpect(status().isServiceUnavailable()).andExpect(content().string("later"));
	}

	@Test
	void yieldsToAnOrderedApplicationAdviceRegisteredLast() throws Exception {
		MockMvc mvc = mvc(WebConfiguration.class, HeadersConfiguration.class, OrderedApplicationAdvice.class);
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello"));
		mvc.perform(get("/hello")).andExpect(status().isServiceUnavailable()).andExpect(content().string("later"));
	}

	private MockMvc mvc(Class<?>... configurations) {
		this.context = new AnnotationConfigWebApplicationContext();
		this.context.setServletContext(new MockServletContext());
		this.context.register(configurations);
		this.context.refresh();
		return MockMvcBuilders.webAppContextSetup(this.context).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	static class WebConfiguration {

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor() {
			return new RateLimitedBeanPostProcessor();
		}

		@Bean
		BucketRegistry bucketRegistry() {
			Map<String, BucketConfig> configs = new LinkedHashMap<>();
			configs.put("demo", BucketConfig.of(2, Duration.ofSeconds(10)));
			configs.put("per-user", BucketConfig.of(1, Duration.ofSeconds(5)));
			configs.put("closed", BucketConfig.of(2, Duration.ofSeconds(10)).withFailureMode(FailureMode.FAIL_CLOSED));
			configs.put("open", BucketConfig.of(2, Duration.ofSeconds(10)));
			configs.put("now", BucketConfig.of(2, Duration.ofSeconds(10)));
			return new BucketRegistry(new AnsweringStorage(new InMemoryBucketStorage(clock, DecisionListener.NONE)),
					configs, 100);
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
		RateLimitHeadersObserver rateLimitHeadersObserver() {
			return new RateLimitHeadersObserver(clock);
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
		public String hello() {
			return "hello";
		}

		@GetMapping("/entity")
		@RateLimited("demo")
		public ResponseEntity<String> entity() {
			return ResponseEntity.ok().header("X-Own", "yes").body("hello");
		}

		@GetMapping("/closed")
		@RateLimited("closed")
		public String closed() {
			return "closed";
		}

		@GetMapping("/open")
		@RateLimited("open")
		public String open() {
			return "open";
		}

		@GetMapping("/now")
		@RateLimited("now")
		public String now() {
			return "now";
		}

		@GetMapping("/header")
		@RateLimited(bucket = "per-user", key = "#user")
		public String header(@RequestHeader(name = "X-User", required = false) String user) {
			return "hello " + user;
		}

		@GetMapping("/users/{id}/hello")
		@RateLimited(bucket = "per-user", key = "#id")
		public String helloUser(@PathVariable String id) {
			return "hello " + id;
		}

	}

	@RestControllerAdvice
	static class ApplicationAdvice {

		@ExceptionHandler(RateLimitedException.class)
		ResponseEntity<String> busy(RateLimitedException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("later");
		}

	}

	@RestControllerAdvice
	@Order(0)
	static class OrderedApplicationAdvice {

		@ExceptionHandler(RateLimitedException.class)
		ResponseEntity<String> busy(RateLimitedException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("later");
		}

	}

	/**
	 * Buckets {@code closed} and {@code open} answer as their failure mode does when the storage fails; bucket
	 * {@code now} rejects with no wait; the others are in memory.
	 */
	record AnsweringStorage(BucketStorage memory) implements BucketStorage {

		@Override
		public Bucket create(String name, String key, BucketConfig config) {
			Bucket bucket = this.memory.create(name, key, config);
			Instant now = clock.instant();
			return switch (name) {
				case "closed", "open" -> new AnsweringBucket(bucket, BucketState.failed(config.capacity(),
						config.capacity(), now, config.failureMode() == FailureMode.FAIL_OPEN, Duration.ZERO));
				case "now" -> new AnsweringBucket(bucket, BucketState.rejected(config.capacity(), 0, now, Duration.ZERO));
				default -> bucket;
			};
		}

	}

	/**
	 * A bucket whose every decision gets one answer.
	 */
	record AnsweringBucket(Bucket bucket, BucketState answer) implements Bucket {

		@Override
		public String name() {
			return this.bucket.name();
		}

		@Override
		public String key() {
			return this.bucket.key();
		}

		@Override
		public long capacity() {
			return this.bucket.capacity();
		}

		@Override
		public Duration drainTime() {
			return this.bucket.drainTime();
		}

		@Override
		public long remaining() {
			return this.answer.remaining();
		}

		@Override
		public Instant reset() {
			return this.answer.reset();
		}

		@Override
		public BucketState state() {
			return this.answer;
		}

		@Override
		public BucketState refresh() {
			return this.answer;
		}

		@Override
		public void drain() {
		}

		@Override
		public BucketState tryAdd(long amount) {
			return this.answer;
		}

	}

}
