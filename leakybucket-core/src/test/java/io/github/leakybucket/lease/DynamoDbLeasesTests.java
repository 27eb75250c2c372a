package io.github.leakybucket.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;
import io.github.leakybucket.lease.LeaseListener.Outcome;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Leases on DynamoDB Local, with the monotonic clock under the test's control so that takeovers need no sleeping.
 */
class DynamoDbLeasesTests {

	private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

	private static final CountingInterceptor counter = new CountingInterceptor();

	private static DynamoDbClient client;

	private static String tableName;

	private final ManualTiming timing = new ManualTiming();

	private final MutableClock clock = MutableClock.atSystemTime();

	private final List<String> events = new ArrayList<>();

	private LeaseTable table;

	private String name;

	@BeforeAll
	static void createTable() {
		client = counter.client();
		tableName = DynamoDbTestServer.uniqueTableName("leases");
		new DynamoDbTables(client).createIfMissing(tableName, TableLayout.KEY_VALUE);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void setUp() {
		this.table = DynamoDbLeaseTable.create(client, tableName);
		this.name = "job-" + System.nanoTime();
		counter.reset();
	}

	private Leases leases(String owner) {
		return builder(owner).build();
	}

	private Leases.Builder builder(String owner) {
		return Leases.builder(this.table)
			.ownerId(owner)
			.clock(this.clock)
			.timing(this.timing)
			.listener((lease, operation, outcome, elapsed) -> this.events.add(operation + ":" + outcome.tagValue()));
	}

	@Test
	void firstGrantHasTokenOneAndEveryGrantAfterARelease() {
		Leases leases = leases("a");
		Lease first = leases.tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(first.token()).isEqualTo(new FencingToken(this.name, 1));
		assertThat(first.release()).isTrue();
		Lease second = leases.tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(second.token().value()).isEqualTo(2);
		LeaseRecord row = leases.read(this.name).orElseThrow();
		assertThat(row.owner()).isEqualTo(second.owner()).startsWith("a#");
		assertThat(row.released()).isFalse();
		assertThat(row.version()).isEqualTo(3);
		assertThat(this.events).containsExactly("acquire:acquired", "release:released", "acquire:acquired");
	}

	@Test
	void releaseMarksTheRowReleasedAndKeepsItsToken() {
		Lease lease = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		lease.close();
		LeaseRecord row = this.table.read(this.name).orElseThrow();
		assertThat(row.released()).isTrue();
		assertThat(row.token()).isEqualTo(1);
		assertThat(lease.isHeld()).isFalse();
		assertThat(lease.release()).isFalse();
	}

	@Test
	void uncontendedAcquireAndReleaseAreOneConditionalWriteEach() {
		Lease lease = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(counter.count(UpdateItemRequest.class)).isOne();
		assertThat(counter.total()).isOne();
		lease.release();
		assertThat(counter.count(UpdateItemRequest.class)).isEqualTo(2);
		assertThat(counter.total()).isEqualTo(2);
	}

	@Test
	void heldLeaseIsBusyForAnotherOwnerWithoutAnExtraRead() {
		leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		counter.reset();
		assertThat(leases("b").tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		assertThat(counter.total()).isOne();
		assertThat(this.events).containsExactly("acquire:acquired", "acquire:busy");
	}

	@Test
	void takeoverWaitsForTheRowToStayUnchangedForAFullDuration() {
		Lease a = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases b = leases("b");
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		this.clock.advance(Duration.ofDays(1));
		this.timing.advance(Duration.ofSeconds(9));
		assertThat(a.isHeld()).isFalse();
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		this.timing.advance(Duration.ofSeconds(1));
		counter.reset();
		Lease taken = b.tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(counter.count(UpdateItemRequest.class)).isEqualTo(2);
		assertThat(taken.token().value()).isEqualTo(2);
		assertThat(this.events).endsWith("acquire:taken-over");
	}

	@Test
	void renewalRestartsTheWatchOfATaker() {
		Lease a = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases b = leases("b");
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		this.timing.advance(Duration.ofSeconds(6));
		a.renew();
		this.timing.advance(Duration.ofSeconds(6));
		assertThat(a.isHeld()).isTrue();
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		this.timing.advance(Duration.ofSeconds(9));
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		this.timing.advance(Duration.ofSeconds(1));
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isPresent();
	}

	@Test
	void holderWhoseLeaseWasTakenOverCanNeitherRenewNorRelease() {
		Lease a = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases b = leases("b");
		b.tryAcquire(this.name, TEN_SECONDS);
		this.timing.advance(TEN_SECONDS);
		Lease taken = b.tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(a.release()).isFalse();
		LeaseRecord row = this.table.read(this.name).orElseThrow();
		assertThat(row.owner()).isEqualTo(taken.owner());
		assertThat(row.released()).isFalse();
		assertThat(row.version()).isEqualTo(2);
		Lease stale = leases("a").tryAcquire(this.name, TEN_SECONDS).orElse(null);
		assertThat(stale).isNull();
		taken.renew();
		assertThat(this.table.read(this.name).orElseThrow().version()).isEqualTo(3);
	}

	@Test
	void renewalOfATakenOverLeaseThrowsAndTheLeaseStaysLost() {
		// The holder's monotonic clock stands still, so only the row can tell it that its lease was taken over.
		Lease a = builder("a").timing(new ManualTiming()).build().tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases b = leases("b");
		b.tryAcquire(this.name, TEN_SECONDS);
		this.timing.advance(TEN_SECONDS);
		b.tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(a.isHeld()).isTrue();
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(a::renew)
			.withMessageContaining("taken over with token 2");
		assertThat(a.isHeld()).isFalse();
		assertThat(a.remaining()).isZero();
		assertThat(a.release()).isFalse();
		assertThat(this.events).contains("renew:lost");
	}

	@Test
	void renewalAfterTheDeadlineWritesNothing() {
		Lease a = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		this.timing.advance(Duration.ofSeconds(9));
		counter.reset();
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(a::renew)
			.satisfies((ex) -> assertThat(ex.getToken()).isEqualTo(a.token()));
		assertThat(counter.total()).isZero();
		assertThat(this.events).endsWith("renew:lost");
	}

	@Test
	void holderConsidersItsLeaseLostAtStartPlusDurationMinusMargin() {
		Lease a = builder("a").safetyMargin(Duration.ofSeconds(2)).build().tryAcquire(this.name, TEN_SECONDS)
			.orElseThrow();
		this.clock.advance(Duration.ofDays(-1));
		this.timing.advance(Duration.ofMillis(7999));
		assertThat(a.isHeld()).isTrue();
		assertThat(a.remaining()).isEqualTo(Duration.ofMillis(1));
		this.timing.advance(Duration.ofMillis(1));
		assertThat(a.isHeld()).isFalse();
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(a::checkHeld);
	}

	@Test
	void skewBoundedTakeoverTrustsWallClocksWithinTheBound() {
		this.clock.set(Instant.parse("2027-01-15T10:00:00Z"));
		leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases b = builder("b").clockSkewBound(Duration.ofSeconds(1)).build();
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(b.tryAcquire(this.name, TEN_SECONDS)).isPresent();
	}

	@Test
	void blockingAcquireBacksOffUntilTheLeaseCanBeTakenOver() throws InterruptedException {
		leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases b = builder("b").backOff(Duration.ofMillis(100), Duration.ofSeconds(2)).build();
		counter.reset();
		Lease lease = b.acquire(this.name, TEN_SECONDS, Duration.ofSeconds(30)).orElseThrow();
		assertThat(lease.token().value()).isEqualTo(2);
		// 0.1 + 0.2 + ... + 2 s per attempt: about a dozen grants to cover the 10 s, not a spin
		assertThat(counter.count(UpdateItemRequest.class)).isBetween(5L, 20L);
		assertThat(this.events).endsWith("acquire:taken-over");
	}

	@Test
	void blockingAcquireGivesUpAfterMaxWait() throws InterruptedException {
		leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		long start = this.timing.nanoTime();
		assertThat(leases("b").acquire(this.name, TEN_SECONDS, Duration.ofSeconds(3))).isEmpty();
		assertThat(this.timing.nanoTime() - start).isEqualTo(Duration.ofSeconds(3).toNanos());
		assertThat(this.events).endsWith("acquire:busy");
	}

	@Test
	void timedOutGrantThatWasAppliedIsReadBackAsAcquired() {
		Leases leases = Leases.builder(new FailingAfterWrite(this.table, true)).ownerId("a").build();
		Lease lease = leases.tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		assertThat(counter.count(GetItemRequest.class)).isOne();
		assertThat(lease.token().value()).isEqualTo(1);
		assertThat(this.table.read(this.name).orElseThrow().owner()).isEqualTo(lease.owner());
	}

	@Test
	void timedOutGrantThatWasNotAppliedIsReadBackAsBusy() {
		leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		Leases leases = Leases.builder(new FailingAfterWrite(this.table, false)).ownerId("b").build();
		assertThat(leases.tryAcquire(this.name, TEN_SECONDS)).isEmpty();
	}

	@Test
	void timedOutRenewalIsReadBackAndExtendsTheLeaseOnlyIfApplied() {
		FailingAfterWrite failing = new FailingAfterWrite(this.table, true);
		Lease lease = Leases.builder(failing).ownerId("a").timing(this.timing).build()
			.tryAcquire(this.name, TEN_SECONDS)
			.orElseThrow();
		this.timing.advance(Duration.ofSeconds(5));
		lease.renew();
		assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(9));
		assertThat(this.table.read(this.name).orElseThrow().version()).isEqualTo(2);
	}

	@Test
	void unresolvedFailureIsThrownWithTheReadFailureSuppressed() {
		LeaseTable down = new FailingAfterWrite(this.table, false) {
			@Override
			public Optional<LeaseRecord> read(String name) {
				throw ApiCallTimeoutException.create(1000);
			}
		};
		Leases leases = Leases.builder(down).listener((l, o, outcome, e) -> this.events.add(outcome.tagValue())).build();
		assertThatExceptionOfType(ApiCallTimeoutException.class)
			.isThrownBy(() -> leases.tryAcquire(this.name, TEN_SECONDS))
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));
		assertThat(this.events).containsExactly(Outcome.ERROR.tagValue());
	}

	@Test
	void heartbeatRenewsUntilReleased() throws InterruptedException {
		Lease lease = Leases.builder(this.table).build().tryAcquire(this.name, Duration.ofSeconds(30)).orElseThrow();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			lease.startHeartbeat(scheduler, Duration.ofMillis(10));
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> lease.startHeartbeat(scheduler, Duration.ofMillis(10)));
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (this.table.read(this.name).orElseThrow().version() < 4 && System.nanoTime() < until) {
				Thread.sleep(10);
			}
			assertThat(this.table.read(this.name).orElseThrow().version()).isGreaterThanOrEqualTo(4);
			assertThat(lease.release()).isTrue();
			long released = this.table.read(this.name).orElseThrow().version();
			scheduler.schedule(() -> null, 50, TimeUnit.MILLISECONDS);
			scheduler.shutdown();
			assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			assertThat(this.table.read(this.name).orElseThrow().version()).isEqualTo(released);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	@Test
	void heartbeatIntervalMustLeaveTimeToRenew() {
		Lease lease = leases("a").tryAcquire(this.name, TEN_SECONDS).orElseThrow();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			assertThatIllegalArgumentException().isThrownBy(() -> lease.startHeartbeat(scheduler, Duration.ofSeconds(9)))
				.withMessageContaining("PT9S");
			assertThatIllegalArgumentException().isThrownBy(() -> lease.startHeartbeat(scheduler, Duration.ZERO));
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	@Test
	void badInputIsRefusedBeforeAnythingIsWritten() {
		Leases leases = leases("a");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.tryAcquire(this.name, Duration.ZERO))
			.withMessageContaining("duration must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.tryAcquire(this.name, Duration.ofSeconds(-1)))
			.withMessageContaining("duration must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.tryAcquire(this.name, Duration.ofDays(400)))
			.withMessageContaining("maximum lease duration of PT24H");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.tryAcquire(this.name, Duration.ofNanos(10)))
			.withMessageContaining("at least 1 ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder("a").safetyMargin(TEN_SECONDS).build().tryAcquire(this.name, TEN_SECONDS))
			.withMessageContaining("safety margin");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.tryAcquire("x".repeat(1025), TEN_SECONDS))
			.withMessageContaining("1024 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.tryAcquire("", TEN_SECONDS))
			.withMessageContaining("must not be empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> leases.acquire(this.name, TEN_SECONDS, Duration.ofSeconds(-1)))
			.withMessageContaining("maxWait");
		assertThatIllegalArgumentException().isThrownBy(() -> Leases.builder(this.table).ownerId("o".repeat(201)))
			.withMessageContaining("200");
		assertThat(counter.total()).isZero();
		assertThat(this.table.read(this.name)).isEmpty();
	}

	/**
	 * Makes each write, or not, and then throws as a client whose call timed out would.
	 */
	private static class FailingAfterWrite implements LeaseTable {

		private final LeaseTable table;

		private final boolean apply;

		FailingAfterWrite(LeaseTable table, boolean apply) {
			this.table = table;
			this.apply = apply;
		}

		private LeaseTable.WriteResult fail(java.util.function.Supplier<LeaseTable.WriteResult> write) {
			if (this.apply) {
				write.get();
			}
			throw ApiCallTimeoutException.create(1000);
		}

		@Override
		public void checkName(String name) {
			this.table.checkName(name);
		}

		@Override
		public Optional<LeaseRecord> read(String name) {
			return this.table.read(name);
		}

		@Override
		public WriteResult grant(String name, String owner, Duration duration, Instant now) {
			return fail(() -> this.table.grant(name, owner, duration, now));
		}

		@Override
		public WriteResult takeOver(LeaseRecord observed, String owner, Duration duration, Instant now) {
			return fail(() -> this.table.takeOver(observed, owner, duration, now));
		}

		@Override
		public WriteResult renew(LeaseRecord held, Instant now) {
			return fail(() -> this.table.renew(held, now));
		}

		@Override
		public WriteResult release(LeaseRecord held, Instant now) {
			return fail(() -> this.table.release(held, now));
		}

	}

}
