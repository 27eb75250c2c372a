package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.internal.BucketItemName;
import io.github.leakybucket.internal.Meter;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Buckets stored in a DynamoDB table with hash key {@code name} (S) and TTL on {@code _ttl}, the layout of
 * {@link TableLayout#BUCKETS}. Each bucket is one tiny item: its name, {@code tat} (epoch nanoseconds at which its
 * level reaches zero) and {@code _ttl}.
 * <p>
 * <strong>Cost.</strong> {@link #create} makes no request. In the steady state a decision, admitted or rejected,
 * is exactly one conditional {@code UpdateItem}; never a read then a write. When a handle guessed wrongly whether
 * the bucket is empty, the failed condition returns the stored item and a second write follows: at most two
 * requests. A rejection never changes the stored level. A rejection that the handle can prove from the level it last
 * saw makes no request at all ({@link DecisionSource#LOCAL}); see {@link Builder#localRejection(boolean)}. With a
 * {@link BucketConfig#reserve() reserve}, one write adds a block of that many units that the handle then hands out
 * locally. While the level it last saw leaves room for less than a block, the handle rejects locally and waits for a
 * whole block, so a busy bucket costs one write per block rather than one per call; it then holds back less than one
 * block of room. (A write that finds less room than expected takes what fits.) A unit is handed out at time {@code t} only while its slot in the bucket's
 * timeline starts at or after {@code t}, where a fresh admission at {@code t} would have put it, so a reserve never
 * admits more than the bucket allows. Units whose slot starts unused are lost: each JVM holds at most
 * {@code reserve} units at a time, so the bucket under-admits by at most {@code reserve} units per JVM per drain
 * time in which that JVM's demand pauses, plus the units it holds when its demand stops.
 * <p>
 * <strong>Failures.</strong> A decision takes at most the client's API call timeout
 * ({@code ClientOverrideConfiguration.apiCallTimeout}), so configure one. When a request fails or times out, or the
 * table does not exist, the bucket's {@link FailureMode} answers: {@code FAIL_OPEN} admits, {@code FAIL_CLOSED}
 * rejects, both with the handle's last known level, and the {@link DecisionListener#onError listener} is told. A
 * warning is logged at most once per {@link Builder#failureWarningInterval(Duration) interval} per bucket name.
 * <p>
 * <strong>Clocks.</strong> Each JVM decides with its own clock's {@code now}. A host whose clock is off by
 * {@code δ} sees the level as it was (or will be) {@code δ} away, an error of at most
 * {@code δ × capacity / drainTime} units for its decisions; hosts with correct clocks are not affected.
 */
public final class DynamoDbBucketStorage implements BucketStorage {

	/** Table name used when none is given. */
	public static final String DEFAULT_TABLE_NAME = "leakybucket-buckets";

	private final InstantSource clock;

	private final DecisionListener listener;

	private final boolean localRejection;

	private final TatWriter writer;

	private final FailureWarnings warnings;

	private DynamoDbBucketStorage(Builder builder) {
		this.clock = builder.clock;
		this.listener = builder.listener;
		this.localRejection = builder.localRejection;
		this.writer = new TatWriter(builder.client, builder.tableName, builder.ttlMargin);
		this.warnings = new FailureWarnings(builder.failureWarningInterval);
	}

	/**
	 * Returns a builder.
	 * @param client the client to make requests with; it bounds each decision by its API call timeout
	 * @return a builder with the default table name, the system clock and no listener
	 */
	public static Builder builder(DynamoDbClient client) {
		return new Builder(client);
	}

	@Override
	public Bucket create(String name, String key, BucketConfig config) {
		Objects.requireNonNull(config, "config");
		return new DynamoDbBucket(this, name, key, BucketItemName.of(name, key), config);
	}

	TatWriter writer() {
		return this.writer;
	}

	boolean localRejection() {
		return this.localRejection;
	}

	long now() {
		return Meter.epochNanos(this.clock.instant());
	}

	void decided(Bucket bucket, BucketState state, DecisionSource source) {
		this.listener.onDecision(bucket, state, source);
	}

	void failed(Bucket bucket, RuntimeException error, BucketState state) {
		this.warnings.warn(bucket.name(), state.admitted() ? "admits" : "rejects", error);
		this.listener.onError(bucket, error, state);
	}

	/**
	 * Builds a {@link DynamoDbBucketStorage}.
	 */
	public static final class Builder {

		private final DynamoDbClient client;

		private String tableName = DEFAULT_TABLE_NAME;

		private InstantSource clock = InstantSource.system();

		private DecisionListener listener = DecisionListener.NONE;

		private Duration ttlMargin = Duration.ofMinutes(1);

		private Duration failureWarningInterval = Duration.ofMinutes(1);

		private boolean localRejection = true;

		private Builder(DynamoDbClient client) {
			this.client = Objects.requireNonNull(client, "client must not be null");
		}

		/**
		 * Sets the table, which must have the layout of {@link TableLayout#BUCKETS}.
		 * @param tableName the table name
		 * @return this builder
		 */
		public Builder tableName(String tableName) {
			if (tableName == null || tableName.length() < 3) {
				throw new IllegalArgumentException("tableName must have at least 3 characters: " + tableName);
			}
			this.tableName = tableName;
			return this;
		}

		/**
		 * Sets the clock that decisions read {@code now} from.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(InstantSource clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the listener told about every decision and failure.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(DecisionListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		/**
		 * Sets how long after a bucket has fully drained its item may expire. Covers clock differences between hosts
		 * and DynamoDB; defaults to one minute.
		 * @param ttlMargin the margin, zero or more
		 * @return this builder
		 */
		public Builder ttlMargin(Duration ttlMargin) {
			if (ttlMargin == null || ttlMargin.isNegative()) {
				throw new IllegalArgumentException("ttlMargin must not be negative: " + ttlMargin);
			}
			this.ttlMargin = ttlMargin;
			return this;
		}

		/**
		 * Sets the least time between two failure warnings of one bucket name; defaults to one minute.
		 * @param failureWarningInterval the interval, zero or more
		 * @return this builder
		 */
		public Builder failureWarningInterval(Duration failureWarningInterval) {
			if (failureWarningInterval == null || failureWarningInterval.isNegative()) {
				throw new IllegalArgumentException(
						"failureWarningInterval must not be negative: " + failureWarningInterval);
			}
			this.failureWarningInterval = failureWarningInterval;
			return this;
		}

		/**
		 * Sets whether a handle rejects without a request an amount that cannot fit on the level it last saw. Others
		 * can only raise the stored level, so such a rejection is certain; defaults to {@code true}.
		 * @param localRejection whether to reject locally when certain
		 * @return this builder
		 */
		public Builder localRejection(boolean localRejection) {
			this.localRejection = localRejection;
			return this;
		}

		/**
		 * Builds the storage. Makes no request.
		 * @return the storage
		 */
		public DynamoDbBucketStorage build() {
			return new DynamoDbBucketStorage(this);
		}

	}

}
