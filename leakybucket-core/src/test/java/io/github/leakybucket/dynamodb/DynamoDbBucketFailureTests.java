package io.github.leakybucket.dynamodb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions when DynamoDB cannot be reached or does not answer: the failure mode decides and the listener is told.
 * Outcomes are asserted, not wall time. The same on the blocking and on the asynchronous client.
 */
class DynamoDbBucketFailureTests {

	private final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

	/** The asynchronous client tells the listener on its own thread, after the answer completed. */
	private final Semaphore errorsTold = new Semaphore(0);

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private ServerSocket silentServer;

	private DynamoDbClient client;

	private DynamoDbAsyncClient asyncClient;

	private DynamoDbBucketStorage asyncStorage;

	@AfterEach
	void close() throws IOException {
		if (this.client != null) {
			this.client.close();
		}
		if (this.asyncClient != null) {
			this.asyncClient.close();
		}
		if (this.silentServer != null) {
			this.silentServer.close();
		}
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@Test
	void unreachableEndpointFailsOpen() throws IOException {
		Bucket bucket = bucket(unreachableEndpoint(), FailureMode.FAIL_OPEN);
		assertThat(bucket.tryAdd(1).admitted()).isTrue();
		assertThat(this.errors).singleElement().isInstanceOf(SdkClientException.class);
	}

	@Test
	void unreachableEndpointFailsClosed() throws IOException {
		Bucket bucket = bucket(unreachableEndpoint(), FailureMode.FAIL_CLOSED);
		BucketState state = bucket.tryAdd(1);
		assertThat(state.admitted()).isFalse();
		assertThat(state.remaining()).isEqualTo(1);
		assertThat(this.errors).singleElement().isInstanceOf(SdkClientException.class);
	}

	@Test
	void silentEndpointTimesOutAndFailsOpen() throws IOException {
		Bucket bucket = bucket(silentEndpoint(), FailureMode.FAIL_OPEN);
		assertThat(bucket.tryAdd(1).admitted()).isTrue();
		assertThat(this.errors).singleElement()
			.isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
	}

	@Test
	void silentEndpointTimesOutAndFailsClosed() throws IOException {
		Bucket bucket = bucket(silentEndpoint(), FailureMode.FAIL_CLOSED);
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
		assertThat(this.errors).singleElement()
			.isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
	}

	@Test
	void unreachableEndpointFailsOpenOnTheAsynchronousClient() throws Exception {
		Bucket bucket = asyncBucket(unreachableEndpoint(), FailureMode.FAIL_OPEN);
		assertThat(bucket.tryAddAsync(1).get(10, TimeUnit.SECONDS).admitted()).isTrue();
		assertThat(this.errorsTold.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.errors).singleElement().isInstanceOf(SdkClientException.class);
	}

	@Test
	void unreachableEndpointFailsClosedOnTheAsynchronousClient() throws Exception {
		Bucket bucket = asyncBucket(unreachableEndpoint(), FailureMode.FAIL_CLOSED);
		BucketState state = bucket.tryAddAsync(1).get(10, TimeUnit.SECONDS);
		assertThat(state.admitted()).isFalse();
		assertThat(state.storageFailed()).isTrue();
		assertThat(this.errorsTold.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.errors).singleElement().isInstanceOf(SdkClientException.class);
	}

	@Test
	void silentEndpointTimesOutAndFailsClosedOnTheAsynchronousClient() throws Exception {
		Bucket bucket = asyncBucket(silentEndpoint(), FailureMode.FAIL_CLOSED);
		assertThat(bucket.tryAddAsync(1).get(10, TimeUnit.SECONDS).admitted()).isFalse();
		assertThat(this.errorsTold.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.errors).singleElement()
			.isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
	}

	@Test
	void repeatedFailuresOpenTheCircuitOnTheAsynchronousClient() throws Exception {
		Bucket bucket = asyncBucket(unreachableEndpoint(), FailureMode.FAIL_OPEN);
		for (int i = 0; i < 2; i++) {
			assertThat(bucket.tryAddAsync(1).get(10, TimeUnit.SECONDS).storageFailed()).isTrue();
		}
		assertThat(this.asyncStorage.circuitState("failing")).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(bucket.tryAddAsync(1).get(10, TimeUnit.SECONDS).admitted()).isTrue();
		assertThat(this.errorsTold.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.errors).hasSize(3).filteredOn(CallNotPermittedException.class::isInstance).hasSize(1);
	}

	private Bucket asyncBucket(URI endpoint, FailureMode failureMode) {
		this.asyncClient = DynamoDbAsyncClient.builder()
			.endpointOverride(endpoint)
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		this.asyncStorage = configure(DynamoDbBucketStorage.builder(this.asyncClient)).build();
		return this.asyncStorage.create("failing", config(failureMode));
	}

	private DynamoDbBucketStorage.Builder configure(DynamoDbBucketStorage.Builder builder) {
		return builder.listener(new DecisionListener() {

			@Override
			public void onError(Bucket bucket, RuntimeException error, BucketState state) {
				DynamoDbBucketFailureTests.this.errors.add(error);
				DynamoDbBucketFailureTests.this.errorsTold.release();
			}

		}).requestTimeout(Duration.ofMillis(300)).verifyTable(false);
	}

	private static BucketConfig config(FailureMode failureMode) {
		return BucketConfig.of(1, Duration.ofSeconds(10)).withFailureMode(failureMode);
	}

	private Bucket bucket(URI endpoint, FailureMode failureMode) {
		this.client = DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.overrideConfiguration((config) -> config.apiCallAttemptTimeout(Duration.ofMillis(300))
				.apiCallTimeout(Duration.ofMillis(300))
				.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		return configure(DynamoDbBucketStorage.builder(this.client)).build().create("failing", config(failureMode));
	}

	private static URI unreachableEndpoint() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		return URI.create("http://127.0.0.1:" + port);
	}

	private URI silentEndpoint() throws IOException {
		this.silentServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					this.accepted.add(this.silentServer.accept());
				}
			}
			catch (IOException ex) {
				// closed by the test
			}
		}, "silent-dynamodb");
		acceptor.setDaemon(true);
		acceptor.start();
		return URI.create("http://127.0.0.1:" + this.silentServer.getLocalPort());
	}

}
