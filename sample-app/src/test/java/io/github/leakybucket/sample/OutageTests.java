package io.github.leakybucket.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorageException;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbClientBuilderCustomizer;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.metrics.CircuitBreakerMetrics;
import io.github.leakybucket.sample.FaultProxy.Fault;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * The application through DynamoDB outages injected by a {@link FaultProxy} in front of DynamoDB Local: a black hole,
 * HTTP 500, throttling and connection resets. For each: the fail-open bucket admits and the fail-closed bucket
 * answers 503; the circuit opens and shows in the endpoint and the gauge; once open, decisions make no request but
 * one probe per cool-down; and once the fault is removed, decisions are exact again within a few cool-downs. The
 * request timeout is scaled down to 200 ms to keep the black hole short. Time bounds only guard liveness.
 */
@SpringBootTest(properties = { "leakybucket.buckets.demo.capacity=20", "leakybucket.buckets.demo.drain-time=1h",
		"leakybucket.buckets.closed.capacity=20", "leakybucket.buckets.closed.drain-time=1h",
		"leakybucket.buckets.closed.failure-mode=fail-closed", "leakybucket.dynamodb.api-call-timeout=200ms",
		"leakybucket.dynamodb.max-retries=0", "leakybucket.dynamodb.create-tables=true",
		"leakybucket.web.storage-failure-retry-after=2s" })
@AutoConfigureMockMvc
@DirtiesContext
@Import(OutageTests.Outage.class)
class OutageTests {

	private static final Duration COOL_DOWN = Duration.ofSeconds(1);

	private static EmbeddedDynamoDbLocal dynamoDb;

	private static FaultProxy proxy;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private DynamoDbBucketStorage storage;

	@Autowired
	private BucketRegistry buckets;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private Outage outage;

	@Autowired
	private DynamoDbClient client;

	@DynamicPropertySource
	static void dynamoDbBehindTheProxy(DynamicPropertyRegistry registry) throws IOException {
		dynamoDb = EmbeddedDynamoDbLocal.start();
		proxy = new FaultProxy(dynamoDb.port());
		registry.add("leakybucket.dynamodb.endpoint", () -> proxy.endpoint().toString());
		registry.add("leakybucket.dynamodb.region", () -> EmbeddedDynamoDbLocal.REGION.id());
		registry.add("leakybucket.dynamodb.credentials.access-key", () -> "fake");
		registry.add("leakybucket.dynamodb.credentials.secret-key", () -> "fake");
	}

	@AfterAll
	static void stop() throws IOException {
		proxy.close();
		dynamoDb.close();
	}

	/**
	 * Serves each path once before the fault, so that the first request's start-up work is not counted as a wait.
	 */
	@BeforeEach
	void warmUp() throws Exception {
		this.mvc.perform(get("/api/hello"));
		this.mvc.perform(get("/test/closed"));
	}

	@AfterEach
	void removeTheFault() throws Exception {
		proxy.remove();
		untilLimited("/api/hello");
		untilLimited("/test/closed");
		withRetries(this.buckets.bucket("demo")::drain);
		withRetries(this.buckets.bucket("closed")::drain);
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
	void circuitOpensAnswersByFailureModeWithoutRequestsAndRecoversExactly(Fault fault) throws Exception {
		assertThat(this.storage.circuitState("demo")).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.storage.circuitState("closed")).isEqualTo(CircuitBreaker.State.CLOSED);
		proxy.inject(fault);

		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.storage.circuitState("demo") != CircuitBreaker.State.OPEN) {
			MvcResult admitted = call("/api/hello");
			assertThat(admitted.getResponse().getStatus()).isEqualTo(200);
			assertThat(admitted.getResponse().getHeader("RateLimit")).as("fail-open admits without the limit").isNull();
			assertThat(System.nanoTime()).as("circuit opens").isLessThan(deadline);
		}
		while (this.storage.circuitState("closed") != CircuitBreaker.State.OPEN) {
			MvcResult unavailable = call("/test/closed");
			assertThat(unavailable.getResponse().getStatus()).isEqualTo(503);
			assertThat(unavailable.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			assertThat(Long.parseLong(unavailable.getResponse().getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
			assertThat(System.nanoTime()).as("circuit opens").isLessThan(deadline);
		}
		this.mvc.perform(get("/actuator/leakybuckets"))
			.andExpect(jsonPath("$.buckets.demo.circuit").value("OPEN"))
			.andExpect(jsonPath("$.buckets.closed.circuit").value("OPEN"));
		assertThat(circuitGauge("demo", "open")).isEqualTo(1);
		assertThat(circuitGauge("demo", "closed")).isZero();

		long requestsBefore = this.outage.requests.get();
		long notPermittedBefore = this.outage.notPermitted.get();
		long start = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			assertThat(call("/api/hello").getResponse().getStatus()).isEqualTo(200);
			assertThat(call("/test/closed").getResponse().getStatus()).isEqualTo(503);
		}
		long made = this.outage.requests.get() - requestsBefore;
		long probes = 2 * (1 + (System.nanoTime() - start) / COOL_DOWN.toNanos());
		assertThat(made).as("requests while open: one probe per bucket name and cool-down").isLessThanOrEqualTo(probes);
		assertThat(this.outage.notPermitted.get() - notPermittedBefore).isGreaterThanOrEqualTo(40 - made);

		proxy.remove();
		Duration recovered = untilLimited("/api/hello");
		untilLimited("/test/closed");
		System.out.printf("%s: decisions exact again %d ms after the fault was removed%n", fault,
				recovered.toMillis());
		assertThat(recovered).isLessThan(COOL_DOWN.multipliedBy(5).plus(this.storage.maxWait()));
		assertThat(this.storage.circuitState("demo")).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(circuitGauge("demo", "closed")).isEqualTo(1);
		assertAdmitsExactlyTheCapacity("demo", "/api/hello");
		assertAdmitsExactlyTheCapacity("closed", "/test/closed");
	}

	/**
	 * The tables answer again while the circuit is still open: health is UP, with the open circuit in its details.
	 */
	@Test
	void healthShowsTheOpenCircuit() throws Exception {
		proxy.inject(Fault.HTTP_500);
		while (this.storage.circuitState("demo") != CircuitBreaker.State.OPEN) {
			assertThat(call("/api/hello").getResponse().getStatus()).isEqualTo(200);
		}
		proxy.remove();
		withRetries(() -> this.client.describeTable((request) -> request.tableName("leakybucket-buckets")));
		this.mvc.perform(get("/actuator/health"))
			.andExpect(jsonPath("$.components.leakybucket.status").value("UP"))
			.andExpect(jsonPath("$.components.leakybucket.details.circuits.demo").value("OPEN"));
	}

	private MvcResult call(String path) throws Exception {
		long start = System.nanoTime();
		MvcResult result = this.mvc.perform(get(path)).andReturn();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("no call waits past the bound").isLessThan(this.storage.maxWait().plusSeconds(1));
		return result;
	}

	/**
	 * Calls until an answer carries the limit, which only a decision made by DynamoDB does.
	 * @return how long that took
	 */
	private Duration untilLimited(String path) throws Exception {
		long start = System.nanoTime();
		long deadline = start + Duration.ofSeconds(20).toNanos();
		while (call(path).getResponse().getHeader("RateLimit") == null) {
			assertThat(System.nanoTime()).as("decisions recover").isLessThan(deadline);
			Thread.sleep(10);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private void assertAdmitsExactlyTheCapacity(String name, String path) throws Exception {
		Bucket bucket = this.buckets.bucket(name);
		withRetries(bucket::drain);
		int admitted = 0;
		for (int i = 0; i < bucket.capacity() + 5; i++) {
			MvcResult result = call(path);
			assertThat(result.getResponse().getStatus()).isIn(200, 429);
			admitted += (result.getResponse().getStatus() == 200) ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(bucket.capacity());
		// Empty again, so that the next outage's decisions are not certain rejections answered without a request.
		withRetries(bucket::drain);
	}

	/**
	 * Runs a request that sets up or checks a test rather than being its subject, retrying the first requests after
	 * the switch, which may meet a connection the proxy closed, or the short timeout on a busy machine.
	 */
	private static void withRetries(Runnable request) {
		for (int attempt = 1;; attempt++) {
			try {
				request.run();
				return;
			}
			catch (SdkException | BucketStorageException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

	private double circuitGauge(String bucket, String state) {
		return this.meters.get(CircuitBreakerMetrics.STATE)
			.tag("bucket", bucket)
			.tag("state", state)
			.gauge()
			.value();
	}

	/**
	 * A fail-closed endpoint, a counter of the requests the client sends (the health check's excepted), and a
	 * listener counting decisions answered by an open circuit.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@Import(ClosedController.class)
	static class Outage implements DecisionListener {

		final AtomicLong requests = new AtomicLong();

		final AtomicLong notPermitted = new AtomicLong();

		@Bean
		DynamoDbClientBuilderCustomizer countingRequests() {
			ExecutionInterceptor counter = new ExecutionInterceptor() {
				@Override
				public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
					if (!(context.request() instanceof DescribeTableRequest
							|| context.request() instanceof DescribeTimeToLiveRequest)) {
						Outage.this.requests.incrementAndGet();
					}
				}
			};
			return (builder) -> builder.overrideConfiguration(
					builder.overrideConfiguration().toBuilder().addExecutionInterceptor(counter).build());
		}

		@Override
		public void onError(Bucket bucket, RuntimeException error, BucketState state) {
			if (error instanceof CallNotPermittedException) {
				this.notPermitted.incrementAndGet();
			}
		}

	}

	@RestController
	static class ClosedController {

		@GetMapping("/test/closed")
		@RateLimited("closed")
		String closed() {
			return "ok";
		}

	}

}
