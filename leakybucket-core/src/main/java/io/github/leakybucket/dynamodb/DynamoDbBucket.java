package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.function.LongBinaryOperator;
import java.util.concurrent.locks.ReentrantLock;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.internal.BucketHandle;
import io.github.leakybucket.internal.Meter;
import io.github.leakybucket.internal.ReservedBlock;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * A handle on one bucket item, deciding with at most one conditional write in the steady state.
 * <p>
 * The stored {@code tat} only ever grows, so the largest {@code tat} this handle has seen is a lower bound of the
 * stored one: an amount that does not fit on it cannot fit on the stored one either, and is rejected without a
 * request.
 * <p>
 * Without a reserve, a handle has at most one write in flight. Calls that arrive meanwhile, as long as the handle's
 * estimate leaves room for them, are coalesced into the next write, which adds all their units at once (a
 * {@link Batch}); if not all fit, the stored level that the failed condition returns tells how many of them, in
 * arrival order, do, and a second write adds those. Requests of one handle therefore never overtake each other, and
 * a hot bucket costs at most one request per decision, fewer under concurrency. Calls for which the estimate leaves
 * no room wait for the answer, or until the level has drained enough: a saturated bucket costs about one request per
 * admission window, not one per caller.
 */
final class DynamoDbBucket extends BucketHandle {

	private static final int MAX_ATTEMPTS = 3;

	private final DynamoDbBucketStorage storage;

	private final String itemName;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition answered = this.lock.newCondition();

	private final ReservedBlock reserve;

	/** Largest stored {@code tat} seen, 0 when none: guarded by {@link #lock}. */
	private long knownTat;

	/** Units that requests in flight try to add: guarded by {@link #lock}. */
	private long pendingUnits;

	/** Calls waiting for the write after the one in flight, or {@code null}: guarded by {@link #lock}. */
	private Batch nextBatch;

	DynamoDbBucket(DynamoDbBucketStorage storage, String name, String key, String itemName, BucketConfig config) {
		super(name, key, config, 0, storage.now());
		this.storage = storage;
		this.itemName = itemName;
		this.reserve = (config.reserve() > 0) ? new ReservedBlock(meter()) : null;
	}

	@Override
	public BucketState tryAdd(long amount) {
		meter().checkAmount(amount);
		if (this.reserve == null) {
			return tryAddInBatch(amount);
		}
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
				if (this.storage.localRejection() && !meter().fits(this.knownTat, now, needed)) {
					giveBack(fromReserve);
					return decided(meter().rejected(this.knownTat, now, needed), DecisionSource.LOCAL);
				}
				long block = (this.reserve != null) ? Math.max(config().reserve(), needed) : needed;
				if (block > needed && !meter().fits(this.knownTat, now, block)) {
					// Reserve-ahead writes whole blocks only, so that a busy bucket costs one write per block
					// rather than one per call; the room held back is less than one block.
					giveBack(fromReserve);
					return decided(meter().rejected(this.knownTat, now, block), DecisionSource.LOCAL);
				}
				if (this.pendingUnits == 0) {
					units = unitsToWrite(now, needed);
					backlog = this.knownTat > now;
					this.pendingUnits += units;
					break;
				}
				giveBack(fromReserve);
				this.answered.awaitUninterruptibly();
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
			return remember(meter().observed(tat, this.storage.now()));
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
			remember(meter().observed(0, this.storage.now()));
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
		return Math.max(needed, Math.min(config().reserve(), meter().remaining(this.knownTat, now)));
	}

	private BucketState tryAddInBatch(long amount) {
		Batch batch;
		int position;
		boolean interrupted = false;
		this.lock.lock();
		try {
			while (true) {
				long now = this.storage.now();
				if (this.storage.localRejection() && !meter().fits(this.knownTat, now, amount)) {
					return decided(meter().rejected(this.knownTat, now, amount), DecisionSource.LOCAL);
				}
				if (this.pendingUnits == 0) {
					batch = new Batch();
					position = batch.join(amount);
					send(batch, now);
					break;
				}
				long queued = this.pendingUnits + ((this.nextBatch != null) ? this.nextBatch.units : 0);
				long queuedTat = Math.max(this.knownTat, now) + meter().cost(queued);
				if (meter().fits(queuedTat, now, amount)) {
					if (this.nextBatch == null) {
						this.nextBatch = new Batch();
					}
					batch = this.nextBatch;
					position = batch.join(amount);
					break;
				}
				interrupted |= awaitAnswerOrDrain(meter().retryAfter(queuedTat, now, amount));
			}
			while (!batch.sent) {
				this.answered.awaitUninterruptibly();
			}
		}
		finally {
			this.lock.unlock();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		if (position == 0) {
			write(batch);
		}
		this.lock.lock();
		try {
			while (!batch.answered) {
				this.answered.awaitUninterruptibly();
			}
			long units = batch.units(position);
			if (batch.failure != null) {
				return failed(batch.failure, batch.now, units);
			}
			if (position < batch.admitted) {
				return decided(meter().admitted(batch.tat, batch.now), DecisionSource.DYNAMODB);
			}
			return decided(meter().rejected(batch.tat, batch.now, units), DecisionSource.DYNAMODB);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for the answer to the write in flight, or until the level has drained enough for the amount.
	 * @return whether the thread was interrupted, which the caller restores once it has decided
	 */
	private boolean awaitAnswerOrDrain(Duration drained) {
		try {
			this.answered.awaitNanos(Math.max(1, drained.toNanos()));
			return false;
		}
		catch (InterruptedException ex) {
			return true;
		}
	}

	/** Marks a batch as in flight; its first caller writes it. Guarded by {@link #lock}. */
	private void send(Batch batch, long now) {
		batch.now = now;
		batch.sent = true;
		this.pendingUnits += batch.units;
		this.answered.signalAll();
	}

	/**
	 * Adds a batch's units with one conditional write, or, when not all fit, the units of as many of its calls as
	 * fit, in arrival order, with a second one.
	 */
	private void write(Batch batch) {
		boolean backlog;
		this.lock.lock();
		try {
			backlog = this.knownTat > batch.now;
		}
		finally {
			this.lock.unlock();
		}
		Written written = null;
		RuntimeException failure = null;
		try {
			written = writeFitting(batch.now, batch.units, backlog,
					(tat, tried) -> batch.unitsFitting(meter(), tat, batch.now));
		}
		catch (SdkException | IllegalStateException ex) {
			failure = ex;
		}
		this.lock.lock();
		try {
			this.pendingUnits -= batch.units;
			if (failure != null) {
				batch.failure = failure;
			}
			else {
				this.knownTat = Math.max(this.knownTat, written.outcome().tat());
				batch.tat = written.outcome().tat();
				batch.admitted = written.outcome().applied() ? batch.callsWithin(written.units()) : 0;
			}
			batch.answered = true;
			if (this.nextBatch != null) {
				Batch next = this.nextBatch;
				this.nextBatch = null;
				send(next, this.storage.now());
			}
			this.answered.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private BucketState decideRemotely(long now, long needed, long fromReserve, long initialUnits, boolean guess) {
		Written written = null;
		RuntimeException failure = null;
		try {
			written = writeFitting(now, initialUnits, guess, (tat, tried) -> meter().fits(tat, now, needed)
					? Math.min(tried, meter().remaining(tat, now)) : 0);
		}
		catch (SdkException | IllegalStateException ex) {
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
			TatWriter.Outcome outcome = written.outcome();
			this.knownTat = Math.max(this.knownTat, outcome.tat());
			if (!outcome.applied()) {
				giveBack(fromReserve);
				return decided(meter().rejected(outcome.tat(), now, needed), DecisionSource.DYNAMODB);
			}
			this.reserve.replace(outcome.tat() - meter().cost(written.units()), written.units(), needed);
			return decided(admittedState(now), DecisionSource.DYNAMODB);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Adds units with conditional writes until one applies or none fit. After a failed condition, {@code fitting}
	 * tells from the stored {@code tat} and the units just tried how many units to try next, 0 for none; the stored
	 * {@code tat} also corrects the guess of whether the bucket is backlogged.
	 * @throws IllegalStateException if the bucket changed under every attempt
	 */
	private Written writeFitting(long now, long units, boolean backlog, LongBinaryOperator fitting) {
		long tried = units;
		boolean guess = backlog;
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			TatWriter.Outcome outcome = this.storage.writer().add(this.itemName, meter(), now, tried, guess);
			long next = outcome.applied() ? 0 : fitting.applyAsLong(outcome.tat(), tried);
			if (next == 0) {
				return new Written(outcome, tried);
			}
			tried = next;
			guess = outcome.tat() > now;
		}
		throw new IllegalStateException(
				"Bucket '" + this.itemName + "' changed under " + MAX_ATTEMPTS + " conditional writes in a row");
	}

	private BucketState admittedState(long now) {
		BucketState admitted = meter().admitted(this.knownTat, now);
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
		BucketState answer = (config().failureMode() == FailureMode.FAIL_OPEN)
				? meter().admitted(this.knownTat, now) : meter().rejected(this.knownTat, now, needed);
		remember(answer);
		this.storage.failed(this, error, answer);
		return answer;
	}

	private BucketState decided(BucketState decided, DecisionSource source) {
		remember(decided);
		this.storage.decided(this, decided, source);
		return decided;
	}

	/**
	 * Calls decided by one write: their amounts in arrival order, and what the write found. Guarded by the handle's
	 * lock, except that only its first call writes it.
	 */
	/** What a successful or finally rejected run of conditional writes found, and the units it last tried. */
	private record Written(TatWriter.Outcome outcome, long units) {
	}

	private static final class Batch {

		private final List<Long> amounts = new ArrayList<>();

		long units;

		long now;

		boolean sent;

		boolean answered;

		/** How many calls, from the first, were admitted. */
		int admitted;

		/** The stored {@code tat} after the write, or the one that failed its condition. */
		long tat;

		RuntimeException failure;

		int join(long amount) {
			this.amounts.add(amount);
			this.units += amount;
			return this.amounts.size() - 1;
		}

		long units(int position) {
			return this.amounts.get(position);
		}

		long unitsFitting(Meter meter, long tat, long now) {
			long sum = 0;
			for (long amount : this.amounts) {
				if (!meter.fits(tat, now, sum + amount)) {
					break;
				}
				sum += amount;
			}
			return sum;
		}

		int callsWithin(long units) {
			int calls = 0;
			long sum = 0;
			while (calls < this.amounts.size() && sum + this.amounts.get(calls) <= units) {
				sum += this.amounts.get(calls);
				calls++;
			}
			return calls;
		}

	}

}
