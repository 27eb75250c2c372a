package io.github.leakybucket.dynamodb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.internal.DecisionEngine;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import io.github.leakybucket.testsupport.WriteFaults;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bucket does when the world misbehaves: other processes win every race, a client throws what no SDK should,
 * a caller is interrupted mid-write, writes fail under a reserve, DynamoDB stops answering. Faults are injected into
 * a real DynamoDB's traffic by {@link WriteFaults}; every call that could hang on a bug is bounded, so that the bug
 * fails the test instead.
 */
class DynamoDbBucketAdversityTests {

	private static final BucketConfig HUNDRED_PER_HOUR = BucketConfig.of(100, Duration.ofHours(1));

	private static final Duration BOUND = Duration.ofSeconds(20);

	private static final WriteFaults faults = new WriteFaults();

	private static DynamoDbClient faultyClient;

	private static DynamoDbClient otherClient;

	private static String table;

	private final MutableClock clock = MutableClock.atSystemTime();

	private final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private ServerSocket silentServer;

	@BeforeAll
	static void createTable() {
		faultyClient = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(faults)
				.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		otherClient = DynamoDbTestServer.client();
		table = DynamoDbTestServer.uniqueTableName("adversity");
		new DynamoDbTables(otherClient).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClients() {
		faultyClient.close();
		otherClient.close();
	}

	@BeforeEach
	@AfterEach
	void clearFaults() {
		faults.release();
		faults.beforeEachWrite(null);
		faults.failWrites(null);
	}

	@AfterEach
	void stopCallers() throws IOException {
		this.callers.shutdownNow();
		if (this.silentServer != null) {
			this.silentServer.close();
		}
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@ParameterizedTest
	@EnumSource(FailureMode.class)
	void contentionThatExhaustsTheWritesOfABatchIsAnAnswerNotAFailure(FailureMode failureMode) throws Exception {
		String name = "contended-" + System.nanoTime();
		BucketConfig config = HUNDRED_PER_HOUR.withFailureMode(failureMode);
		Bucket other = storage(otherClient).create(name, config);
		AtomicLong otherAdmitted = new AtomicLong(other.add(90).admitted() ? 90 : 0);
		Bucket bucket = storage(faultyClient).create(name, config);
		// Another process writes one unit before each of this handle's writes, so each write finds less room than
		// the one before planned for.
		faults.beforeEachWrite(() -> {
			if (other.tryAdd(1).admitted()) {
				otherAdmitted.incrementAndGet();
			}
		});
		List<Future<BucketState>> decisions = startCallsWhileTheFirstWriteIsHeld(bucket, 1, 20);
		faults.release();
		List<BucketState> states = answers(decisions);
		faults.beforeEachWrite(null);

		assertThat(states).noneMatch(BucketState::storageFailed);
		assertThat(this.errors).isEmpty();
		long admitted = states.stream().filter(BucketState::admitted).count();
		assertThat(admitted + otherAdmitted.get()).isLessThanOrEqualTo(config.capacity());
		assertThat(storedUnits(name, config)).isEqualTo(admitted + otherAdmitted.get());
	}

	@Test
	void aRuntimeExceptionFromTheClientIsAnsweredByTheFailureModeAndTheBucketGoesOn() throws Exception {
		Bucket bucket = storage(faultyClient).create("runtime-" + System.nanoTime(), HUNDRED_PER_HOUR);
		faults.failWrites(() -> new IllegalArgumentException("injected"));
		BucketState failed = bounded(() -> bucket.tryAdd(1));
		assertThat(failed.storageFailed()).isTrue();
		assertThat(failed.admitted()).isTrue();
		// The client hands it on as it is: not an SdkException.
		assertThat(this.errors).singleElement().isInstanceOf(IllegalArgumentException.class);
		faults.failWrites(null);
		BucketState next = bounded(() -> bucket.tryAdd(1));
		assertThat(next.admitted()).isTrue();
		assertThat(next.storageFailed()).isFalse();
		assertThat(next.remaining()).isEqualTo(99);
	}

	@Test
	void anErrorFromTheClientIsAnsweredByTheFailureModeAndTheBucketGoesOn() throws Exception {
		Bucket bucket = storage(faultyClient).create("error-" + System.nanoTime(),
				HUNDRED_PER_HOUR.withFailureMode(FailureMode.FAIL_CLOSED));
		faults.failWrites(() -> new AssertionError("injected"));
		BucketState failed = bounded(() -> bucket.tryAdd(1));
		assertThat(failed.storageFailed()).isTrue();
		assertThat(failed.admitted()).isFalse();
		assertThat(this.errors).singleElement()
			.satisfies((error) -> assertThat(rootCause(error)).isInstanceOf(AssertionError.class).hasMessage("injected"));
		faults.failWrites(null);
		List<BucketState> next = answers(List.of(this.callers.submit(() -> bucket.tryAdd(1)),
				this.callers.submit(() -> bucket.tryAdd(1))));
		assertThat(next).allMatch(BucketState::admitted).noneMatch(BucketState::storageFailed);
	}

	@Test
	void interruptingTheCallerWhoseWriteIsInFlightDoesNotDecideForItsBatch() throws Exception {
		String name = "interrupted-" + System.nanoTime();
		Bucket bucket = storage(faultyClient).create(name, HUNDRED_PER_HOUR);
		List<Future<BucketState>> decisions = startCallsWhileTheFirstWriteIsHeld(bucket, 1, 4);
		faults.releaseAndHoldNextWrite();
		Thread sender = faults.awaitHeld();
		sender.interrupt();
		faults.release();
		List<BucketState> states = answers(decisions);

		assertThat(this.errors).isEmpty();
		assertThat(states).allMatch(BucketState::admitted).noneMatch(BucketState::storageFailed);
		assertThat(storedUnits(name, HUNDRED_PER_HOUR)).isEqualTo(5);
	}

	@Test
	void aCallerInterruptedWhileWaitingStillWritesForItsWholeBatch() throws Exception {
		String name = "interrupted-waiting-" + System.nanoTime();
		Bucket bucket = storage(faultyClient).create(name, HUNDRED_PER_HOUR);
		List<Thread> waiting = new CopyOnWriteArrayList<>();
		List<Future<BucketState>> decisions = startCallsWhileTheFirstWriteIsHeld(bucket, 1, 4, waiting);
		waiting.forEach(Thread::interrupt);
		faults.release();
		List<BucketState> states = answers(decisions);

		assertThat(states).allMatch(BucketState::admitted).noneMatch(BucketState::storageFailed);
		assertThat(this.errors).isEmpty();
		assertThat(storedUnits(name, HUNDRED_PER_HOUR)).isEqualTo(5);
	}

	@Test
	void reservedUnitsAreNotHandedOutTwiceWhenWritesFail() throws Exception {
		String name = "reserve-" + System.nanoTime();
		BucketConfig config = BucketConfig.of(10, Duration.ofSeconds(10)).withReserve(10);
		// A breaker that never opens, so that every failing write is made and the recovery is immediate.
		Bucket bucket = storage(faultyClient, CircuitBreakerConfig.custom().slidingWindow(100, 100,
				SlidingWindowType.COUNT_BASED).build()).create(name, config);
		Tally tally = new Tally();
		tally.count(bucket.tryAdd(3), 3);
		faults.failWrites(() -> SdkClientException.create("injected"));
		for (int i = 0; i < 12; i++) {
			long amount = 1 + (i % 3);
			tally.count(bounded(() -> bucket.tryAdd(amount)), amount);
			if (i == 5) {
				// The block's slots have all started: the next calls need writes, which fail.
				this.clock.advance(config.drainTime());
			}
		}
		faults.failWrites(null);
		this.clock.advance(config.drainTime());
		tally.recordedUnits = 0;
		for (int i = 0; i < 15; i++) {
			tally.count(bounded(() -> bucket.tryAdd(1)), 1);
		}

		assertThat(tally.failureAnswers).isPositive().isEqualTo(this.errors.size());
		assertThat(tally.recordedUnits).isEqualTo(config.capacity());
		assertThat(storedUnits(name, config)).isEqualTo(tally.recordedUnits);
		assertThat(tally.admittedUnits).isLessThanOrEqualTo(2 * config.capacity() + tally.failureAdmittedUnits);
	}

	@Test
	void everyCallerReturnsWithinTheBoundWhenDynamoDbStopsAnswering() throws Exception {
		DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(silentEndpoint())
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.build();
		try (client) {
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client)
				.listener(listener())
				.requestTimeout(Duration.ofMillis(300))
				.verifyTable(false)
				.build();
			Bucket bucket = storage.create("silent", HUNDRED_PER_HOUR);
			long bound = storage.maxWait().plusSeconds(1).toNanos();
			List<Future<Long>> waits = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				waits.add(this.callers.submit(() -> {
					long start = System.nanoTime();
					BucketState state = bucket.tryAdd(1);
					assertThat(state.storageFailed()).isTrue();
					return System.nanoTime() - start;
				}));
			}
			for (Future<Long> wait : waits) {
				assertThat(wait.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isLessThan(bound);
			}
			assertThat(this.errors).hasSize(8);
		}
	}

	/**
	 * Starts calls of one unit: the first, whose write is held, then the others, and returns once they all wait
	 * behind it.
	 */
	private List<Future<BucketState>> startCallsWhileTheFirstWriteIsHeld(Bucket bucket, long amount, int others)
			throws Exception {
		return startCallsWhileTheFirstWriteIsHeld(bucket, amount, others, new CopyOnWriteArrayList<>());
	}

	private List<Future<BucketState>> startCallsWhileTheFirstWriteIsHeld(Bucket bucket, long amount, int others,
			List<Thread> waiting) throws Exception {
		faults.holdNextWrite();
		List<Future<BucketState>> decisions = new ArrayList<>();
		decisions.add(this.callers.submit(() -> bucket.tryAdd(amount)));
		faults.awaitHeld();
		for (int i = 0; i < others; i++) {
			decisions.add(this.callers.submit(() -> {
				waiting.add(Thread.currentThread());
				return bucket.tryAdd(amount);
			}));
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!allWaiting(waiting, others) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(allWaiting(waiting, others)).as("%d calls waiting behind the held write", others).isTrue();
		return decisions;
	}

	private static Throwable rootCause(Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static boolean allWaiting(List<Thread> threads, int count) {
		return threads.size() == count
				&& threads.stream().allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING);
	}

	private static List<BucketState> answers(List<Future<BucketState>> decisions) throws Exception {
		List<BucketState> states = new ArrayList<>();
		for (Future<BucketState> decision : decisions) {
			states.add(decision.get(BOUND.toSeconds(), TimeUnit.SECONDS));
		}
		return states;
	}

	private BucketState bounded(java.util.concurrent.Callable<BucketState> call) throws Exception {
		return this.callers.submit(call).get(BOUND.toSeconds(), TimeUnit.SECONDS);
	}

	/** Returns the units the stored level holds now, read by a fresh handle of another client. */
	private long storedUnits(String name, BucketConfig config) {
		return config.capacity() - storage(otherClient).create(name, config).refresh().remaining();
	}

	private DynamoDbBucketStorage storage(DynamoDbClient client) {
		return storage(client, DecisionEngine.defaultCircuitBreakerConfig());
	}

	private DynamoDbBucketStorage storage(DynamoDbClient client, CircuitBreakerConfig circuitBreaker) {
		return DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(this.clock)
			.listener(listener())
			.requestTimeout(Duration.ofSeconds(30))
			.circuitBreaker(circuitBreaker)
			.verifyTable(false)
			.build();
	}

	private DecisionListener listener() {
		return new DecisionListener() {

			@Override
			public void onError(Bucket bucket, RuntimeException error, BucketState state) {
				DynamoDbBucketAdversityTests.this.errors.add(error);
			}

		};
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

	/** Units a run of calls was answered with, by kind of answer. */
	private static final class Tally {

		long admittedUnits;

		long recordedUnits;

		long failureAdmittedUnits;

		int failureAnswers;

		void count(BucketState state, long amount) {
			if (state.storageFailed()) {
				this.failureAnswers++;
			}
			if (!state.admitted()) {
				return;
			}
			this.admittedUnits += amount;
			if (state.storageFailed()) {
				this.failureAdmittedUnits += amount;
			}
			else {
				this.recordedUnits += amount;
			}
		}

	}

}
