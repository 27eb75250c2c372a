package io.github.leakybucket.sample.webflux;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HelloController} on Netty and the embedded DynamoDB Local, through real HTTP. The buckets keep
 * their capacities but drain over an hour, so that a slow machine cannot drain a unit between two calls.
 * <p>
 * BlockHound is installed and the storage is the synchronous DynamoDB one: a decision that blocked a Netty event loop
 * would raise {@code BlockingOperationError}, which the storage reports as a failure; after each test there was none
 * ({@link BlockingDecisionTests} shows that such a block is caught).
 */
@Import(StorageErrors.Configuration.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "leakybucket.buckets.demo.drain-time=1h", "leakybucket.buckets.per-user.drain-time=1h",
				"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
				"leakybucket.dynamodb.max-retries=0" })
class HelloControllerTests {

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private StorageErrors storageErrors;

	private WebTestClient client;

	@BeforeAll
	static void installBlockHound() {
		// The engine's lock guards short critical sections, never I/O: a thread may park on it for as long as
		// another thread updates a handle. Everything else, the DynamoDB request above all, must never block.
		BlockHound.install((builder) -> builder.allowBlockingCallsInside(ReentrantLock.class.getName(), "lock"));
	}

	@BeforeEach
	void createClient() {
		// Generous: the first request of a cold JVM under BlockHound's instrumentation is slow.
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@AfterEach
	void noDecisionBlockedAnEventLoop() {
		assertThat(this.storageErrors.errors()).isEmpty();
	}

	@Test
	void answersTheEleventhCallWith429AndTheRateLimitFields() {
		for (int i = 1; i <= 10; i++) {
			this.client.get().uri("/api/hello").exchange()
				.expectStatus().isOk()
				.expectHeader().valueEquals("RateLimit-Policy", "\"demo\";q=10;w=3600")
				.expectHeader().valueMatches("RateLimit", "\"demo\";r=" + (10 - i) + ";t=\\d+")
				.expectBody().jsonPath("$.message").isEqualTo("Hello, world");
		}
		this.client.get().uri("/api/hello").exchange()
			.expectStatus().isEqualTo(429)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueMatches("Retry-After", "[1-9]\\d*")
			.expectHeader().valueEquals("RateLimit-Policy", "\"demo\";q=10;w=3600")
			.expectHeader().valueMatches("RateLimit", "\"demo\";r=0;t=\\d+")
			.expectBody()
			.jsonPath("$.status").isEqualTo(429)
			.jsonPath("$.title").isEqualTo("Too Many Requests")
			.jsonPath("$.bucket").isEqualTo("demo")
			.jsonPath("$.instance").isEqualTo("/api/hello");
	}

	@Test
	void keepsOneBucketPerUser() {
		for (int i = 0; i < 5; i++) {
			this.client.get().uri("/api/users/alice/hello").exchange()
				.expectStatus().isOk()
				.expectHeader().valueEquals("RateLimit-Policy", "\"per-user\";q=5;w=3600");
		}
		this.client.get().uri("/api/users/alice/hello").exchange()
			.expectStatus().isEqualTo(429)
			.expectBody().jsonPath("$.bucket").isEqualTo("per-user");
		this.client.get().uri("/api/users/bob/hello").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.message").isEqualTo("Hello, bob");
	}

}
