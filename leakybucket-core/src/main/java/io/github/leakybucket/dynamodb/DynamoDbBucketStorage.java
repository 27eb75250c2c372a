package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.internal.DecisionEngine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Buckets stored in a DynamoDB table with hash key {@code name} (S) and TTL on {@code _ttl}, the layout of
 * {@link TableLayout#BUCKETS}. Each bucket is one tiny item: its name, {@code tat} (epoch nanoseconds at which its
 * level reaches zero) and {@code _ttl}.
 * <p>
 * <strong>Cost.</strong> {@link #create} makes no request. A decision, admitted or rejected, is at most one
 * conditional {@code UpdateItem} in the steady state; never a read then a write. A handle has at most one write in
 * flight: calls that arrive meanwhile are coalesced into its next write, so a hot bucket costs fewer requests than
 * decisions. When the handle guessed wrongly whether the bucket is empty, or other processes wrote first, the failed
 * condition returns the stored item and tells which calls fit: at most {@value #MAX_WRITES_PER_BATCH} writes per
 * batch. A rejection never changes the stored level. A rejection that the handle can prove from the level it last saw
 * makes no request at all ({@link DecisionSource#LOCAL}); see {@link Builder#localRejection(boolean)}. With a
 * {@link BucketConfig#reserve() reserve}, one write adds a block of that many units (or what fits, if less) that the
 * handle then hands out locally. A unit is handed out at time {@code t} only while its slot in the bucket's timeline
 * starts at or after {@code t}, where a fresh admission at {@code t} would have put it, so a reserve never admits
 * more than the bucket allows. Units whose slot starts unused are lost: each JVM holds at most {@code reserve} units
 * at a time, so the bucket under-admits by at most {@code reserve} units per JVM per drain time in which that JVM's
 * demand pauses, plus the units it holds when its demand stops.
 * <p>
 * <strong>Failures.</strong> Each bucket name has a {@link Builder#circuitBreaker circuit breaker}: after repeated
 * failures, decisions go straight to the failure mode without a request until a probe succeeds. Each batch of calls
 * shares one {@link Builder#requestTimeout(Duration) request timeout},
 * set on every request whatever the client's own configuration, and a call waits for at most the batch in flight
 * and its own: it returns within twice the request timeout. When a request fails or times out, the bucket's
 * {@link FailureMode} answers, for the calls of that batch and of the batch queued behind it: {@code FAIL_OPEN}
 * admits, {@code FAIL_CLOSED} rejects, both with the handle's last known level, marked
 * {@link io.github.leakybucket.BucketState#storageFailed() storageFailed}, and the
 * {@link DecisionListener#onError listener} is told. A warning is logged at most once per
 * {@link Builder#failureWarningInterval(Duration) interval} per bucket name. A conditional write refused because
 * other processes wrote first is not a failure: the stored level it returns decides. An item under the bucket's name
 * that this library did not write is never overwritten: decisions throw {@link MalformedBucketItemException}.
 * <p>
 * <strong>Clocks.</strong> Each JVM decides with its own clock's {@code now}. A stored {@code tat} more than a drain
 * time after a handle's {@code now} proves that a writer's clock runs ahead by at least the difference; the handle
 * then decides on that later clock (logging a warning and telling {@link DecisionListener#onClockSkew}), so a fast
 * host cannot starve correct ones. Clock differences still let the hosts together admit more than the limit: over
 * any interval, at most {@code capacity + rate × (elapsed + allowance)} units, where the allowance sums
 * {@code min(gap, drainTime + requestTimeout)} over the gaps between the hosts' sorted clock offsets: for one host
 * ahead by {@code δ}, {@code min(δ, drainTime + requestTimeout)}; never more than the spread of the clocks.
 */
public final class DynamoDbBucketStorage implements BucketStorage {

	/** Table name used when none is given. */
	public static final String DEFAULT_TABLE_NAME = "leakybucket-buckets";

	/** Conditional writes one batch of calls makes at most. */
	public static final int MAX_WRITES_PER_BATCH = DecisionEngine.MAX_WRITES_PER_BATCH;

	private final DecisionEngine engine;

	private DynamoDbBucketStorage(DecisionEngine engine) {
		this.engine = engine;
	}

	/**
	 * Returns a builder.
	 * @param client the client to make requests with
	 * @return a builder with the default table name, the system clock and no listener
	 */
	public static Builder builder(DynamoDbClient client) {
		return new Builder(client);
	}

	@Override
	public Bucket create(String name, String key, BucketConfig config) {
		return this.engine.create(name, key, config);
	}

	/**
	 * Returns the state of a bucket name's circuit breaker.
	 * @param name the bucket name
	 * @return the state; {@code CLOSED} for a name that has made no request
	 */
	public CircuitBreaker.State circuitState(String name) {
		return this.engine.circuitState(name);
	}

	/**
	 * Returns how long a decision waits at most before its failure mode answers.
	 * @return twice the request timeout
	 */
	public Duration maxWait() {
		return this.engine.maxWait();
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

		private Duration requestTimeout = Duration.ofSeconds(1);

		private boolean localRejection = true;

		private boolean verifyTable = true;

		private CircuitBreakerConfig circuitBreaker = DecisionEngine.defaultCircuitBreakerConfig();

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
		 * Sets how long the requests for one batch of calls may take together, set as the API call timeout of each
		 * request; defaults to one second. A decision waits at most twice this.
		 * @param requestTimeout the timeout, positive and at most one day
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()
					|| requestTimeout.compareTo(Duration.ofDays(1)) > 0) {
				throw new IllegalArgumentException(
						"requestTimeout must be positive and at most one day: " + requestTimeout);
			}
			this.requestTimeout = requestTimeout;
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
		 * Sets whether {@link #build()} checks the table with one {@code DescribeTable}; defaults to {@code true}.
		 * Turn it off only where that request cannot be afforded at start-up: a missing table then shows as a
		 * failure of every decision.
		 * @param verifyTable whether to check the table
		 * @return this builder
		 */
		public Builder verifyTable(boolean verifyTable) {
			this.verifyTable = verifyTable;
			return this;
		}

		/**
		 * Sets the configuration of each bucket name's circuit breaker. Defaults to
		 * {@link DecisionEngine#defaultCircuitBreakerConfig()}: open when at least half of the runs of requests of the
		 * last 2 seconds failed (once there were 2), for one second, then one probe.
		 * @param circuitBreaker the configuration
		 * @return this builder
		 */
		public Builder circuitBreaker(CircuitBreakerConfig circuitBreaker) {
			this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker must not be null");
			return this;
		}

		/**
		 * Builds the storage, checking the table with one {@code DescribeTable} unless told not to.
		 * @return the storage
		 * @throws TableSchemaException if the table is missing or has another key schema; the message names the table
		 * and the expected schema
		 */
		public DynamoDbBucketStorage build() {
			if (this.verifyTable) {
				new DynamoDbTables(this.client).verify(this.tableName, TableLayout.BUCKETS);
			}
			DynamoDbTatStore store = new DynamoDbTatStore(this.client, this.tableName, this.ttlMargin);
			return new DynamoDbBucketStorage(DecisionEngine.blocking(store)
				.clock(this.clock)
				.listener(this.listener)
				.warningInterval(this.failureWarningInterval)
				.requestTimeout(this.requestTimeout)
				.localRejection(this.localRejection)
				.circuitBreaker(this.circuitBreaker)
				.build());
		}

	}

}
