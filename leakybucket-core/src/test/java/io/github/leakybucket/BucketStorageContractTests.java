package io.github.leakybucket;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The behaviour every {@link BucketStorage} shares, after Clever's shared storage suite, with its fixed windows
 * replaced by a continuously draining level. Time is a {@link MutableClock}, never a sleep.
 */
public abstract class BucketStorageContractTests {

	protected static final Duration DRAIN = Duration.ofSeconds(10);

	protected MutableClock clock;

	protected BucketStorage storage;

	/**
	 * Returns the storage under test, reading the given clock.
	 * @param clock the clock
	 * @return a storage
	 */
	protected abstract BucketStorage createStorage(MutableClock clock);

	@BeforeEach
	void createStorage() {
		// Today, not a fixed date: DynamoDB Local deletes items whose _ttl has passed by its own clock, which would
		// empty a bucket that a clock in the past had just filled.
		this.clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789));
		this.storage = createStorage(this.clock);
	}

	protected static String uniqueName() {
		return "bucket-" + UUID.randomUUID();
	}

	@Test
	void createdBucketReportsItsConfigurationAndAnEmptyLevel() {
		Bucket bucket = this.storage.create(uniqueName(), 100, DRAIN);
		assertThat(bucket.capacity()).isEqualTo(100);
		assertThat(bucket.drainTime()).isEqualTo(DRAIN);
		assertThat(bucket.key()).isNull();
		assertThat(bucket.remaining()).isEqualTo(100);
		assertThat(bucket.reset()).isEqualTo(this.clock.instant());
	}

	@Test
	void addAdmitsUntilFullAndReportsRemaining() {
		Bucket bucket = this.storage.create(uniqueName(), 10, DRAIN);
		assertThat(bucket.add(3).remaining()).isEqualTo(7);
		assertThat(bucket.add(7).remaining()).isZero();
		BucketFullException full = catchFull(bucket, 1);
		assertThat(full.getState().remaining()).isZero();
		assertThat(full.getState().retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
	}

	@Test
	void addThenResetEmptiesTheBucketAtTheResetInstant() {
		Bucket bucket = this.storage.create(uniqueName(), 10, DRAIN);
		BucketState state = bucket.add(4);
		assertThat(state.reset()).isEqualTo(this.clock.instant().plusSeconds(4));
		this.clock.set(state.reset());
		assertThat(bucket.add(10).remaining()).isZero();
	}

	@Test
	void levelDrainsContinuously() {
		Bucket bucket = this.storage.create(uniqueName(), 10, DRAIN);
		bucket.add(10);
		this.clock.advance(Duration.ofMillis(2500));
		BucketState state = bucket.tryAdd(3);
		assertThat(state.admitted()).isFalse();
		assertThat(state.remaining()).isEqualTo(2);
		assertThat(state.retryAfter()).isEqualTo(Duration.ofMillis(500));
		this.clock.advance(Duration.ofMillis(500));
		assertThat(bucket.add(3).remaining()).isZero();
	}

	@Test
	void rejectionDoesNotChangeTheLevel() {
		Bucket bucket = this.storage.create(uniqueName(), 10, DRAIN);
		bucket.add(8);
		assertThat(bucket.tryAdd(3).admitted()).isFalse();
		assertThat(bucket.tryAdd(3).admitted()).isFalse();
		assertThat(bucket.add(2).remaining()).isZero();
	}

	@Test
	void findOrCreateSeesTheStoredLevelAtItsFirstDecision() {
		String name = uniqueName();
		this.storage.create(name, 10, DRAIN).add(3);
		Bucket again = this.storage.create(name, 10, DRAIN);
		assertThat(again.add(1).remaining()).isEqualTo(6);
	}

	@Test
	void handlesOfOneBucketStayConsistent() {
		String name = uniqueName();
		Bucket first = this.storage.create(name, 10, DRAIN);
		Bucket second = this.storage.create(name, 10, DRAIN);
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			admitted += first.tryAdd(1).admitted() ? 1 : 0;
			admitted += second.tryAdd(1).admitted() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(10);
		assertThat(first.tryAdd(1).admitted()).isFalse();
		assertThat(second.state().remaining()).isZero();
	}

	@Test
	void keysSelectIndependentBuckets() {
		String name = uniqueName();
		BucketConfig config = BucketConfig.of(2, DRAIN);
		this.storage.create(name, "alice", config).add(2);
		assertThat(this.storage.create(name, "bob", config).add(2).remaining()).isZero();
		assertThat(this.storage.create(name, "alice", config).tryAdd(1).admitted()).isFalse();
		assertThat(this.storage.create(name, config).add(2).remaining()).isZero();
	}

	@Test
	void keysOfAnyLengthWork() {
		String name = uniqueName();
		BucketConfig config = BucketConfig.of(1, DRAIN);
		String longKey = "k".repeat(5000);
		this.storage.create(name, longKey, config).add(1);
		assertThat(this.storage.create(name, longKey, config).tryAdd(1).admitted()).isFalse();
		assertThat(this.storage.create(name, longKey + "x", config).tryAdd(1).admitted()).isTrue();
	}

	@Test
	void concurrentAddsAdmitExactlyTheCapacity() throws Exception {
		Bucket bucket = this.storage.create(uniqueName(), 50, DRAIN);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(executor.submit(() -> {
					start.await();
					int admitted = 0;
					for (int i = 0; i < 20; i++) {
						admitted += bucket.tryAdd(1).admitted() ? 1 : 0;
					}
					return admitted;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get(30, TimeUnit.SECONDS);
			}
			assertThat(total).isEqualTo(50);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void amountOutsideOneToCapacityIsRejectedByNameAndWritesNothing() {
		String name = uniqueName();
		Bucket bucket = this.storage.create(name, 10, DRAIN);
		assertThatIllegalArgumentException().isThrownBy(() -> bucket.tryAdd(0))
			.withMessageContaining("amount")
			.withMessageContaining("capacity 10")
			.withMessageEndingWith(": 0");
		assertThatIllegalArgumentException().isThrownBy(() -> bucket.add(-1)).withMessageEndingWith(": -1");
		assertThatIllegalArgumentException().isThrownBy(() -> bucket.add(11))
			.withMessageContaining("capacity 10")
			.withMessageEndingWith(": 11");
		assertNothingStored(name);
		assertThat(this.storage.create(name, 10, DRAIN).add(10).remaining()).isZero();
	}

	@Test
	void badNamesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.create("", 10, DRAIN))
			.withMessageContaining("name must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.create("a#b", 10, DRAIN))
			.withMessageContaining("'#'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.create("n".repeat(1025), 10, DRAIN))
			.withMessageContaining("at most 1024 bytes");
	}

	@Test
	void badConfigurationIsRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.create(uniqueName(), 0, DRAIN))
			.withMessageContaining("capacity must be at least 1: 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.storage.create(uniqueName(), 1, Duration.ofNanos(999_999)))
			.withMessageContaining("drainTime must be at least 1ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.storage.create(uniqueName(), 1, Duration.ofDays(36_501)))
			.withMessageContaining("drainTime must be at most");
	}

	@Test
	void nanosecondResolution() {
		Bucket bucket = this.storage.create(uniqueName(), 1_000_000_000L, Duration.ofSeconds(1));
		bucket.add(1_000_000_000L);
		assertThat(bucket.tryAdd(2).admitted()).isFalse();
		this.clock.advance(Duration.ofNanos(2));
		assertThat(bucket.add(2).remaining()).isZero();
	}

	/**
	 * Asserts that the storage holds nothing for a bucket name.
	 * @param name the bucket name
	 */
	protected abstract void assertNothingStored(String name);

	private static BucketFullException catchFull(Bucket bucket, long amount) {
		return catchThrowableOfType(BucketFullException.class, () -> bucket.add(amount));
	}

}
