package io.github.leakybucket.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorageException;
import io.github.leakybucket.DecisionSource;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.StorageTimeoutException;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatUpdate;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A handle on one stored bucket, deciding with at most one request in the steady state. All decision logic lives
 * here, above a storage SPI; the strategies are:
 * <ul>
 * <li><strong>Local rejection.</strong> The stored {@code tat} only grows (but for an explicit drain), so the last
 * one seen is a lower bound of it: an amount that does not fit on it cannot fit at all, and is rejected without a
 * request.</li>
 * <li><strong>Coalescing.</strong> At most one run of requests is in flight. Calls that arrive meanwhile wait in one
 * {@link Batch}, sent as one conditional write as soon as the run in flight is answered; the calls that fit, in
 * arrival order, are admitted, and each gets its own state, as if the calls had been made one by one. If the write
 * is refused, the stored {@code tat} it returns tells which calls fit, and at most two more writes try those.
 * Contention is an answer, never a failure: after the last attempt the calls are rejected on the stored level.</li>
 * <li><strong>Provisioning.</strong> With a reserve, writes add whole blocks and calls are served from the surplus
 * ({@link ReserveAhead}).</li>
 * <li><strong>Failure modes.</strong> Whatever a request throws, every call of its batch, and of the batch queued
 * behind it, is answered by the bucket's {@link FailureMode}; a stored item that is not a bucket item is thrown as
 * {@link MalformedBucketItemException} instead. A call never waits longer than {@link DecisionEngine#maxWait()}.</li>
 * <li><strong>Circuit breaker.</strong> A run of requests starts only if its bucket name's breaker permits it;
 * otherwise the failure mode answers at once.</li>
 * <li><strong>Clock skew.</strong> A stored {@code tat} more than a drain time ahead of {@code now} proves that
 * another clock runs ahead; the handle then decides on that clock, so a fast host cannot starve it.</li>
 * </ul>
 */
public final class EngineBucket extends BucketHandle {

	/** Conditional writes per batch at most. */
	static final int MAX_ATTEMPTS = DecisionEngine.MAX_WRITES_PER_BATCH;

	/** Largest clock offset the engine adopts; a stored {@code tat} further ahead is malformed. */
	static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

	private final DecisionEngine engine;

	private final String itemName;

	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by {@link #lock}. */
	private final Provisioning provisioning;

	/** Largest stored {@code tat} known, 0 if none: guarded by {@link #lock}. */
	private long knownTat;

	/** Nanoseconds this host's clock is known to run behind the bucket's writers: guarded by {@link #lock}. */
	private long clockOffset;

	/** The batch whose requests run or may run now: guarded by {@link #lock}. */
	private Batch inFlight;

	/** The batch waiting for {@link #inFlight}: guarded by {@link #lock}. */
	private Batch waiting;

	EngineBucket(DecisionEngine engine, String name, String key, String itemName, BucketConfig config) {
		super(name, key, config);
		this.engine = engine;
		this.itemName = itemName;
		this.provisioning = Provisioning.of(meter(), config.reserve());
	}

	/**
	 * Returns the name the bucket is stored under.
	 * @return the item name
	 */
	public String itemName() {
		return this.itemName;
	}

	@Override
	public BucketState tryAdd(long amount) {
		meter().checkAmount(amount);
		Call call = new Call(amount);
		Batch batch = enqueue(call);
		if (batch != null) {
			awaitAnswer(call, batch);
		}
		return answerOf(call.answer);
	}

	/**
	 * Decides without blocking when the engine's store is asynchronous: the answer completes later. On a blocking
	 * store the calling thread decides, as {@link #tryAdd} does.
	 * @param amount units to add, from 1 to the capacity
	 * @return the state, as {@link #tryAdd} would return it
	 */
	@Override
	public CompletableFuture<BucketState> tryAddAsync(long amount) {
		if (this.engine.blocking()) {
			return super.tryAddAsync(amount);
		}
		try {
			meter().checkAmount(amount);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		Call call = new Call(amount);
		Batch batch = enqueue(call);
		if (batch != null && this.engine.scheduler() != null) {
			this.engine.scheduler().schedule(this.engine.maxWait().toNanos(), () -> abandon(call));
		}
		return call.answer;
	}

	@Override
	public BucketState refresh() {
		long tat = answerOf(this.engine.store().read(this.itemName, this.engine.requestTimeout()));
		Answers answers = new Answers();
		BucketState state;
		this.lock.lock();
		try {
			learn(tat, answers);
			// Assigned, not merged with max: a drain lowers the stored tat, and the known one must stay a lower bound.
			this.knownTat = tat;
			state = local(meter().observed(tat, now()));
			remember(state);
		}
		finally {
			this.lock.unlock();
		}
		answers.deliver();
		return state;
	}

	@Override
	public void drain() {
		answerOf(this.engine.store().delete(this.itemName, this.engine.requestTimeout()));
		this.lock.lock();
		try {
			this.knownTat = 0;
			this.provisioning.clear();
			remember(local(meter().observed(0, now())));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Answers a call locally if it can, or puts it in a batch.
	 * @return the batch the call waits in, or {@code null} if it was answered
	 */
	private Batch enqueue(Call call) {
		Answers answers = new Answers();
		Batch batch = null;
		boolean opened = false;
		this.lock.lock();
		try {
			long now = now();
			BucketState local = localAnswer(now, call.amount);
			if (local != null) {
				answers.decided(call, local(local), DecisionSource.LOCAL);
			}
			else if (this.inFlight == null) {
				batch = newBatch();
				batch.add(call);
				this.inFlight = batch;
				opened = true;
			}
			else {
				if (this.waiting == null) {
					this.waiting = newBatch();
				}
				batch = this.waiting;
				batch.add(call);
			}
		}
		finally {
			this.lock.unlock();
		}
		answers.deliver();
		if (opened) {
			batch.turn.complete(null);
		}
		return batch;
	}

	/** Answers a call from the reserve, or rejects it when certain; {@code null} if a write must decide. */
	private BucketState localAnswer(long now, long amount) {
		BucketState served = this.provisioning.serve(this.knownTat, now, amount);
		if (served != null || !this.engine.localRejection()) {
			return served;
		}
		if (!meter().fits(this.knownTat, now, amount)) {
			return meter().rejected(this.knownTat, now, amount);
		}
		return this.provisioning.holdBack(this.knownTat, now, amount);
	}

	private Batch newBatch() {
		Batch batch = new Batch();
		if (!this.engine.blocking()) {
			batch.turn.thenRun(() -> {
				if (claim(batch)) {
					send(batch);
				}
			});
		}
		return batch;
	}

	/**
	 * Waits, on a blocking engine, until the call is answered, sending its batch if no other member does. An
	 * interrupt does not end the wait, which is bounded anyway; it is restored on return.
	 */
	private void awaitAnswer(Call call, Batch batch) {
		long deadline = this.engine.ticker() + this.engine.maxWait().toNanos();
		boolean interrupted = false;
		try {
			while (!call.answer.isDone()) {
				// Read before claiming: a turn that comes between a failed claim and the wait must still wake us.
				boolean turnCame = batch.turn.isDone();
				if (claim(batch)) {
					send(batch);
					continue;
				}
				long remaining = deadline - this.engine.ticker();
				if (remaining <= 0) {
					abandon(call);
					break;
				}
				CompletableFuture<?> signal = turnCame ? call.answer : CompletableFuture.anyOf(call.answer, batch.turn);
				try {
					signal.get(remaining, TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException | TimeoutException ex) {
					// Checked again at the top of the loop.
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Makes the caller the sender of a batch whose turn has come, if no member is yet. */
	private boolean claim(Batch batch) {
		this.lock.lock();
		try {
			if (batch != this.inFlight || batch.claimed || !batch.turn.isDone()) {
				return false;
			}
			batch.claimed = true;
			batch.budgetEnd = this.engine.ticker() + this.engine.requestTimeout().toNanos();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void send(Batch batch) {
		attempt(batch, 0, -1);
	}

	/**
	 * Plans one conditional write for a claimed batch on a stored {@code tat}, or on the known one when
	 * {@code base} is negative, and makes it.
	 */
	private void attempt(Batch batch, int attempt, long base) {
		WritePlan plan;
		Answers answers = new Answers();
		Batch turned = null;
		this.lock.lock();
		try {
			long now = now();
			long tat = (base >= 0) ? base : this.knownTat;
			plan = WritePlan.of(meter(), this.provisioning, batch.calls, tat, tat, now);
			if (plan.written() == 0 && base < 0 && !this.engine.localRejection()) {
				// Without local rejection, the storage itself must refuse what the known level rules out.
				plan = WritePlan.of(meter(), this.provisioning, batch.calls, 0, tat, now);
			}
			if (plan.written() == 0) {
				// Nothing fits on a level that is a lower bound (or was just read): every rejection is certain.
				turned = finish(batch, TatOutcome.refused(tat), now, plan,
						(attempt == 0) ? DecisionSource.LOCAL : DecisionSource.STORAGE, answers);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (turned != null || plan.written() == 0) {
			answers.deliver();
			startTurn(turned);
			return;
		}
		if (attempt == 0) {
			CircuitBreaker breaker = this.engine.breaker(name());
			if (!breaker.tryAcquirePermission()) {
				failed(batch, CallNotPermittedException.createCallNotPermittedException(breaker));
				return;
			}
			batch.permitted = this.engine.ticker();
		}
		long timeout = batch.budgetEnd - this.engine.ticker();
		if (timeout <= 0) {
			failed(batch, new StorageTimeoutException(name(), this.engine.requestTimeout()));
			return;
		}
		TatUpdate update = new TatUpdate(plan.now(), meter().cost(plan.written()),
				meter().latestFittingTat(plan.now(), plan.written()), plan.backlogExpected());
		CompletableFuture<TatOutcome> request;
		try {
			request = this.engine.store().add(this.itemName, update, Duration.ofNanos(timeout));
		}
		catch (Throwable ex) {
			request = CompletableFuture.failedFuture(ex);
		}
		WritePlan sent = plan;
		request.whenComplete((outcome, error) -> answered(batch, attempt, sent, outcome, error));
	}

	private void answered(Batch batch, int attempt, WritePlan plan, TatOutcome outcome, Throwable error) {
		try {
			if (error != null) {
				failed(batch, error);
				return;
			}
			Answers answers = new Answers();
			Batch turned = null;
			boolean again = false;
			this.lock.lock();
			try {
				if (batch.done) {
					// Given up on after its budget: the handle has moved on.
					return;
				}
				learn(outcome.tat(), answers);
				if (!outcome.applied() && attempt + 1 < MAX_ATTEMPTS) {
					this.knownTat = outcome.tat();
					again = true;
				}
				else {
					turned = finish(batch, outcome, now(), plan, DecisionSource.STORAGE, answers);
				}
			}
			finally {
				this.lock.unlock();
			}
			answers.deliver();
			if (again) {
				attempt(batch, attempt + 1, outcome.tat());
			}
			else {
				startTurn(turned);
			}
		}
		catch (Throwable ex) {
			failed(batch, ex);
		}
	}

	/**
	 * Answers every call of a batch from the outcome of its last write, and moves on to the waiting batch. Under the
	 * lock.
	 * @return the batch whose turn it now is, or {@code null}
	 */
	private Batch finish(Batch batch, TatOutcome outcome, long now, WritePlan plan, DecisionSource source,
			Answers answers) {
		recordRun(batch, null);
		// The outcome of the handle's only write in flight is the latest word on the stored level.
		this.knownTat = outcome.tat();
		if (outcome.applied()) {
			this.provisioning.written(outcome.tat() - meter().cost(plan.written()), plan.written(), plan.used());
		}
		// Each admitted call sees the units of the calls after it, and the reserve, as still free.
		long unitsAfter = plan.used() + this.provisioning.usable(now);
		for (Call call : batch.calls) {
			if (outcome.applied() && plan.includes(call)) {
				unitsAfter -= call.amount;
				answers.decided(call, local(meter().admitted(outcome.tat(), now, unitsAfter)), source);
			}
			else {
				answers.decided(call, local(meter().rejected(outcome.tat(), now, call.amount)), source);
			}
		}
		batch.done = true;
		return advance();
	}

	/**
	 * Answers every call of a batch, and of the batch waiting behind it, by the failure mode: the waiting calls would
	 * only have met the same storage. A malformed item is thrown to them instead.
	 */
	private void failed(Batch batch, Throwable error) {
		RuntimeException failure = failure(error);
		Answers answers = new Answers();
		this.lock.lock();
		try {
			if (batch.done) {
				return;
			}
			recordRun(batch, failure);
			long now = now();
			for (Batch failedBatch : (this.waiting != null) ? List.of(batch, this.waiting) : List.of(batch)) {
				for (Call call : failedBatch.calls) {
					answers.failed(call, failure, now);
				}
				failedBatch.done = true;
			}
			this.inFlight = null;
			this.waiting = null;
		}
		finally {
			this.lock.unlock();
		}
		answers.deliver();
	}

	/**
	 * Answers a call whose wait has reached its bound by the failure mode. If its batch has not been sent, the call
	 * leaves it, and its units are not written. If its batch was sent and its requests outlived their budget, the
	 * whole batch is given up on, as a failure; a late answer is then ignored.
	 */
	private void abandon(Call call) {
		Answers answers = new Answers();
		Batch turned = null;
		Batch failing = null;
		this.lock.lock();
		try {
			if (call.answered) {
				return;
			}
			Batch batch = call.batch;
			if (batch.claimed && !batch.done && this.engine.ticker() - batch.budgetEnd >= 0) {
				// Its requests outlived their budget and their answer never came: give up on the batch, so that the
				// handle is not held by it.
				failing = batch;
			}
			else if (!batch.claimed) {
				batch.calls.remove(call);
				if (batch.calls.isEmpty() && batch == this.waiting) {
					this.waiting = null;
				}
				else if (batch.calls.isEmpty() && batch == this.inFlight) {
					batch.done = true;
					turned = advance();
				}
			}
			if (failing == null) {
				answers.failed(call, new StorageTimeoutException(name(), this.engine.maxWait()), now());
			}
		}
		finally {
			this.lock.unlock();
		}
		if (failing != null) {
			failed(failing, new StorageTimeoutException(name(), this.engine.maxWait()));
			return;
		}
		answers.deliver();
		startTurn(turned);
	}

	/** Tells the circuit breaker how a run of requests it permitted ended. */
	private void recordRun(Batch batch, Throwable error) {
		if (batch.permitted < 0) {
			return;
		}
		long duration = this.engine.ticker() - batch.permitted;
		CircuitBreaker breaker = this.engine.breaker(name());
		if (error != null) {
			breaker.onError(duration, TimeUnit.NANOSECONDS, error);
		}
		else {
			breaker.onSuccess(duration, TimeUnit.NANOSECONDS);
		}
		batch.permitted = -1;
	}

	/** Makes the waiting batch the one in flight. Under the lock. */
	private Batch advance() {
		this.inFlight = this.waiting;
		this.waiting = null;
		return this.inFlight;
	}

	private static void startTurn(Batch batch) {
		if (batch != null) {
			batch.turn.complete(null);
		}
	}

	/**
	 * Checks a stored {@code tat} and learns from it how far ahead the bucket's writers' clocks run. Under the lock.
	 * @throws MalformedBucketItemException if it is negative or implausibly far ahead
	 */
	private void learn(long tat, Answers answers) {
		long localNow = this.engine.now();
		if (tat < 0) {
			throw new MalformedBucketItemException(this.itemName, "tat is negative: " + tat);
		}
		long ahead = Meter.backlog(tat, localNow) - meter().drainNanos();
		if (ahead <= this.clockOffset) {
			return;
		}
		if (ahead > MAX_CLOCK_SKEW.toNanos()) {
			throw new MalformedBucketItemException(this.itemName, "tat " + tat + " is more than the drain time plus "
					+ MAX_CLOCK_SKEW + " ahead of this host's clock");
		}
		this.clockOffset = ahead;
		answers.clockSkew(Duration.ofNanos(ahead));
	}

	/** Returns {@code now} on the latest clock known to write the bucket. Under the lock. */
	private long now() {
		return this.engine.now() + this.clockOffset;
	}

	/** Expresses a state computed on the latest known clock on this host's clock. Under the lock. */
	private BucketState local(BucketState state) {
		if (this.clockOffset == 0) {
			return state;
		}
		return new BucketState(state.capacity(), state.remaining(), state.reset().minusNanos(this.clockOffset),
				state.admitted(), state.retryAfter(), state.storageFailed());
	}

	private BucketState failedState(long now, long amount) {
		boolean admit = config().failureMode() == FailureMode.FAIL_OPEN;
		return local(meter().failed(this.knownTat, now, amount, admit));
	}

	private static RuntimeException failure(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause()
				: error;
		return (cause instanceof RuntimeException runtime) ? runtime
				: new BucketStorageException("Bucket storage failed: " + cause, cause);
	}

	/** Waits for a request's answer, at most {@link DecisionEngine#maxWait()}. */
	private <T> T answerOf(CompletableFuture<T> future) {
		Duration maxWait = this.engine.maxWait();
		try {
			return future.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw failure(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new StorageTimeoutException(name(), maxWait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BucketStorageException("Interrupted while waiting for bucket '" + name() + "'", ex);
		}
	}

	/**
	 * Answers decided under the lock and delivered after it: completing a future runs its dependants, and listeners
	 * run code this class does not know. The listener hears of a decision before its caller does.
	 */
	private final class Answers {

		private final List<Runnable> deliveries = new ArrayList<>();

		void decided(Call call, BucketState state, DecisionSource source) {
			if (answer(call)) {
				remember(state);
				this.deliveries.add(() -> {
					EngineBucket.this.engine.decided(EngineBucket.this, state, source);
					call.answer.complete(state);
				});
			}
		}

		void failed(Call call, RuntimeException error, long now) {
			if (!answer(call)) {
				return;
			}
			if (error instanceof MalformedBucketItemException) {
				this.deliveries.add(() -> {
					EngineBucket.this.engine.malformed(EngineBucket.this, error);
					call.answer.completeExceptionally(error);
				});
				return;
			}
			BucketState state = failedState(now, call.amount);
			remember(state);
			this.deliveries.add(() -> {
				EngineBucket.this.engine.failed(EngineBucket.this, error, state);
				call.answer.complete(state);
			});
		}

		void clockSkew(Duration ahead) {
			this.deliveries.add(() -> EngineBucket.this.engine.clockSkew(EngineBucket.this, ahead));
		}

		private boolean answer(Call call) {
			if (call.answered) {
				return false;
			}
			call.answered = true;
			return true;
		}

		void deliver() {
			for (Runnable delivery : this.deliveries) {
				delivery.run();
			}
		}

	}

}
