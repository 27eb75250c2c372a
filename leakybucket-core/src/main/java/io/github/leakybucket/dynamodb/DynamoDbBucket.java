package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.internal.Meter;
import io.github.leakybucket.internal.ReservedBlock;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * A handle on one bucket item, deciding with at most one conditional write in the steady state.
 * <p>
 * The stored {@code tat} only ever grows, so the largest {@code tat} this handle has seen is a lower bound of the
 * stored one: an amount that does not fit on it cannot fit on the stored one either, and is rejected without a
 * request. While a request of this handle is in flight and the handle's estimate leaves no room for another amount
 * beside it, further calls wait for its answer, or until the level has drained enough, instead of racing it: a
 * saturated bucket costs about one request per admission window, not one per caller, and a slow storage does not
 * slow admissions down.
 */
final class DynamoDbBucket implements Bucket {

	private static final int MAX_ATTEMPTS = 3;

	private final DynamoDbBucketStorage storage;

	private final String name;

	private final String key;

	private final String itemName;

	private final BucketConfig config;

	private final Meter meter;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition answered = this.lock.newCondition();

	private final ReservedBlock reserve;

	/** Largest stored {@code tat} seen, 0 when none: guarded by {@link #lock}. */
	private long knownTat;

	/** Units that requests in flight try to add: guarded by {@link #lock}. */
	private long pendingUnits;

	private volatile BucketState state;

	DynamoDbBucket(DynamoDbBucketStorage storage, String name, String key, String itemName, BucketConfig config) {
		this.storage = storage;
		this.name = name;
		this.key = key;
		this.itemName = itemName;
		this.config = config;
		this.meter = Meter.of(config);
		this.reserve = (config.reserve() > 0) ? new ReservedBlock(this.meter) : null;
		this.state = this.meter.observed(0, storage.now());
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public long capacity() {
		return this.config.capacity();
	}

	@Override
	public Duration drainTime() {
		return this.config.drainTime();
	}

	@Override
	public long remaining() {
		return this.state.remaining();
	}

	@Override
	public Instant reset() {
		return this.state.reset();
	}

	@Override
	public BucketState state() {
		return this.state;
	}

	@Override
	public BucketState tryAdd(long amount) {
		this.meter.checkAmount(amount);
		long now;
		long fromReserve;
		long units;
		boolean backlog;
		this.lock.lock();
		try {
			while (true) {
				now = this.storage.now();
				fromReserve = (this.reserve != null) ? this.reserve.take(now, amount) : 0;
				if (fromReserve == amount) {
					return decided(admittedState(now), DecisionSource.LOCAL);
				}
				long needed = amount - fromReserve;
				if (this.storage.localRejection() && !this.meter.fits(this.knownTat, now, needed)) {
					giveBack(fromReserve);
					return decided(this.meter.rejected(this.knownTat, now, needed), DecisionSource.LOCAL);
				}
				long block = (this.reserve != null) ? Math.max(this.config.reserve(), needed) : needed;
				if (block > needed && !this.meter.fits(this.knownTat, now, block)) {
					// Reserve-ahead writes whole blocks only, so that a busy bucket costs one write per block
					// rather than one per call; the room held back is less than one block.
					giveBack(fromReserve);
					return decided(this.meter.rejected(this.knownTat, now, block), DecisionSource.LOCAL);
				}
				if (this.pendingUnits == 0 || (this.reserve == null && roomBesidesPending(now, needed))
						|| !awaitAnswerOrRoom(now, needed, fromReserve)) {
					units = unitsToWrite(now, needed);
					backlog = this.knownTat > now;
					this.pendingUnits += units;
					break;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		return decideRemotely(now, amount - fromReserve, fromReserve, units, backlog);
	}

	@Override
	public BucketState refresh() {
		long tat = this.storage.writer().read(this.itemName);
		this.lock.lock();
		try {
			// Assigned, not merged with max: a drain lowers the stored tat, and the known tat must stay a lower bound.
			this.knownTat = tat;
			this.state = this.meter.observed(tat, this.storage.now());
			return this.state;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void drain() {
		this.storage.writer().delete(this.itemName);
		this.lock.lock();
		try {
			this.knownTat = 0;
			if (this.reserve != null) {
				this.reserve.replace(0, 0, 0);
			}
			this.state = this.meter.observed(0, this.storage.now());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many units to write for a call that needs some: with a reserve, a block of the reserve's size, but
	 * no more than can fit on the level last seen, since a larger block would certainly fail its condition.
	 */
	private long unitsToWrite(long now, long needed) {
		if (this.reserve == null) {
			return needed;
		}
		return Math.max(needed, Math.min(this.config.reserve(), this.meter.remaining(this.knownTat, now)));
	}

	/**
	 * Waits while the requests in flight leave no room: for their answer, and without a reserve also until the
	 * level has drained enough for another amount beside them, so a slow storage does not slow admissions.
	 * @return {@code false} if interrupted, in which case the caller sends its request now
	 */
	private boolean awaitAnswerOrRoom(long now, long needed, long fromReserve) {
		giveBack(fromReserve);
		if (this.reserve != null) {
			this.answered.awaitUninterruptibly();
			return true;
		}
		long pendingTat = Math.max(this.knownTat, now) + this.meter.cost(this.pendingUnits);
		try {
			this.answered.awaitNanos(this.meter.retryAfter(pendingTat, now, needed).toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private boolean roomBesidesPending(long now, long needed) {
		long pendingTat = Math.max(this.knownTat, now) + this.meter.cost(this.pendingUnits);
		return this.meter.fits(pendingTat, now, needed);
	}

	private BucketState decideRemotely(long now, long needed, long fromReserve, long initialUnits, boolean guess) {
		long units = initialUnits;
		boolean backlog = guess;
		TatWriter.Outcome outcome = null;
		RuntimeException failure = null;
		try {
			for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
				outcome = this.storage.writer().add(this.itemName, this.meter, now, units, backlog);
				if (outcome.applied() || !this.meter.fits(outcome.tat(), now, needed)) {
					break;
				}
				units = Math.min(units, this.meter.remaining(outcome.tat(), now));
				backlog = outcome.tat() > now;
				outcome = null;
			}
			if (outcome == null) {
				failure = new IllegalStateException("Bucket '" + this.itemName + "' changed under " + MAX_ATTEMPTS
						+ " conditional writes in a row");
			}
		}
		catch (SdkException ex) {
			failure = ex;
		}
		this.lock.lock();
		try {
			this.pendingUnits -= initialUnits;
			this.answered.signalAll();
			if (failure != null) {
				giveBack(fromReserve);
				return failed(failure, now, needed);
			}
			this.knownTat = Math.max(this.knownTat, outcome.tat());
			if (!outcome.applied()) {
				giveBack(fromReserve);
				return decided(this.meter.rejected(outcome.tat(), now, needed), DecisionSource.DYNAMODB);
			}
			if (this.reserve != null) {
				this.reserve.replace(outcome.tat() - this.meter.cost(units), units, needed);
			}
			return decided(admittedState(now), DecisionSource.DYNAMODB);
		}
		finally {
			this.lock.unlock();
		}
	}

	private BucketState admittedState(long now) {
		BucketState admitted = this.meter.admitted(this.knownTat, now);
		if (this.reserve == null) {
			return admitted;
		}
		long remaining = Math.min(capacity(), admitted.remaining() + this.reserve.usable(now));
		return BucketState.admitted(capacity(), remaining, admitted.reset());
	}

	private void giveBack(long fromReserve) {
		if (fromReserve > 0) {
			this.reserve.giveBack(fromReserve);
		}
	}

	private BucketState failed(RuntimeException error, long now, long needed) {
		BucketState answer = (this.config.failureMode() == FailureMode.FAIL_OPEN)
				? this.meter.admitted(this.knownTat, now) : this.meter.rejected(this.knownTat, now, needed);
		this.state = answer;
		this.storage.failed(this, error, answer);
		return answer;
	}

	private BucketState decided(BucketState decided, DecisionSource source) {
		this.state = decided;
		this.storage.decided(this, decided, source);
		return decided;
	}

}
