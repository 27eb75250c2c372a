package io.github.leakybucket.sample.webflux;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control for {@link HelloControllerTests}: the same application, with the synchronous DynamoDB storage
 * ({@code leakybucket.async=false}), told
 * to decide on the subscribing thread ({@code leakybucket.reactive.offload-decisions=false}). The decision then
 * makes its blocking DynamoDB request on a Netty event loop, BlockHound raises {@code BlockingOperationError} there,
 * the storage reports it as a failure, and the fail-closed bucket answers 503. This proves that BlockHound watches
 * the event loops, so the green run of {@link HelloControllerTests} means that no decision blocked one.
 */
@Import(StorageErrors.Configuration.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "leakybucket.async=false", "leakybucket.reactive.offload-decisions=false",
				"leakybucket.buckets.demo.drain-time=1h",
				"leakybucket.buckets.demo.failure-mode=fail-closed",
				"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
				"leakybucket.dynamodb.max-retries=0" })
class BlockingDecisionTests {

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private StorageErrors storageErrors;

	private WebTestClient client;

	@BeforeAll
	static void installBlockHound() {
		// As in HelloControllerTests (BlockHound installs once per JVM): the engine's lock is allowed, I/O is not.
		BlockHound.install((builder) -> builder.allowBlockingCallsInside(ReentrantLock.class.getName(), "lock"));
	}

	@BeforeEach
	void createClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void aDecisionOnTheEventLoopWithABlockingStorageIsCaughtByBlockHound() {
		this.client.get().uri("/api/hello").exchange()
			.expectStatus().isEqualTo(503)
			.expectBody().jsonPath("$.detail").isEqualTo("Rate limit of bucket 'demo' could not be checked; retry after 5 seconds");
		assertThat(this.storageErrors.errors()).singleElement()
			.satisfies((error) -> assertThat(error).hasRootCauseInstanceOf(BlockingOperationError.class));
	}

}
