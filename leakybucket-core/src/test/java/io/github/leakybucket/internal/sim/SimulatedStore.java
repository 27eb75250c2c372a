package io.github.leakybucket.internal.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.spi.AsyncTatStore;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatUpdate;

/**
 * A linearizable bucket table with DynamoDB's conditional semantics (the guess of {@link TatUpdate#backlogExpected()}
 * picks the condition) that injects faults: latency, timeouts before and after the write applied, throttling,
 * throwables from the client (thrown or completed), hangs, and a malformed item. A request is applied, if at all, at
 * one instant of virtual time, which is what makes the table linearizable.
 */
final class SimulatedStore {

	private final VirtualTime time;

	private final SplittableRandom random;

	private final Faults faults;

	private final Map<String, Long> tats = new HashMap<>();

	private final List<FaultEvent> faultEvents = new ArrayList<>();

	private String malformedItem;

	private long applied;

	private long requests;

	SimulatedStore(VirtualTime time, SplittableRandom random, Faults faults) {
		this.time = time;
		this.random = random;
		this.faults = faults;
	}

	/** Puts a foreign item, without a numeric {@code tat}, under a bucket's name. */
	void putMalformed(String itemName) {
		this.malformedItem = itemName;
	}

	long stored(String itemName) {
		return this.tats.getOrDefault(itemName, 0L);
	}

	List<FaultEvent> faultEvents() {
		return this.faultEvents;
	}

	long requests() {
		return this.requests;
	}

	long applied() {
		return this.applied;
	}

	/**
	 * Returns the table as one host's client sees it.
	 * @param host the host's name, for the record of faults
	 * @return the host's view
	 */
	AsyncTatStore client(String host) {
		return new AsyncTatStore() {

			@Override
			public CompletableFuture<TatOutcome> add(String itemName, TatUpdate update, Duration timeout) {
				return SimulatedStore.this.add(host, itemName, update, timeout);
			}

			@Override
			public CompletableFuture<Long> read(String itemName, Duration timeout) {
				return SimulatedStore.this.read(itemName);
			}

			@Override
			public CompletableFuture<Void> delete(String itemName, Duration timeout) {
				return SimulatedStore.this.delete(itemName);
			}

		};
	}

	private CompletableFuture<TatOutcome> add(String host, String itemName, TatUpdate update, Duration timeout) {
		this.requests++;
		long timeoutNanos = timeout.toNanos();
		long latency = this.faults.latency(this.random);
		CompletableFuture<TatOutcome> answer = new CompletableFuture<>();
		Fault fault = this.faults.pick(this.random);
		switch (fault) {
			case NONE -> {
				if (latency <= timeoutNanos) {
					this.time.schedule(latency, () -> {
						try {
							answer.complete(apply(itemName, update));
						}
						catch (RuntimeException ex) {
							answer.completeExceptionally(ex);
						}
					});
				}
				else {
					// Too slow: the client gives up at its timeout; the write may or may not reach the table.
					if (this.random.nextBoolean()) {
						this.time.schedule(this.random.nextLong(timeoutNanos + 1), () -> applyQuietly(itemName, update));
					}
					fail(answer, host, timeoutNanos, new SimulatedTimeoutException());
				}
			}
			case TIMEOUT_BEFORE_WRITE -> fail(answer, host, timeoutNanos, new SimulatedTimeoutException());
			case TIMEOUT_AFTER_WRITE -> {
				this.time.schedule(this.random.nextLong(timeoutNanos + 1), () -> applyQuietly(itemName, update));
				fail(answer, host, timeoutNanos, new SimulatedTimeoutException());
			}
			case THROTTLED -> fail(answer, host, Math.min(latency, timeoutNanos), new SimulatedThrottlingException());
			case ERROR_COMPLETED -> fail(answer, host, Math.min(latency, timeoutNanos),
					new AssertionError("simulated error from the client"));
			case THROWN -> {
				this.faultEvents.add(new FaultEvent(host, this.time.now(), this.time.now()));
				throw new IllegalArgumentException("simulated interceptor failure");
			}
			case HANG -> this.faultEvents.add(new FaultEvent(host, this.time.now(), Long.MAX_VALUE));
		}
		return answer;
	}

	private CompletableFuture<Long> read(String itemName) {
		this.requests++;
		CompletableFuture<Long> answer = new CompletableFuture<>();
		this.time.schedule(this.faults.latency(this.random), () -> {
			if (itemName.equals(this.malformedItem)) {
				answer.completeExceptionally(new MalformedBucketItemException(itemName, "it has no attribute 'tat'"));
			}
			else {
				answer.complete(stored(itemName));
			}
		});
		return answer;
	}

	private CompletableFuture<Void> delete(String itemName) {
		this.requests++;
		CompletableFuture<Void> answer = new CompletableFuture<>();
		this.time.schedule(this.faults.latency(this.random), () -> {
			this.tats.remove(itemName);
			answer.complete(null);
		});
		return answer;
	}

	private void fail(CompletableFuture<?> answer, String host, long after, Throwable error) {
		long at = this.time.now() + after;
		this.faultEvents.add(new FaultEvent(host, this.time.now(), at));
		this.time.schedule(after, () -> answer.completeExceptionally(error));
	}

	private void applyQuietly(String itemName, TatUpdate update) {
		try {
			apply(itemName, update);
		}
		catch (RuntimeException ex) {
			// The client has already given up on this request.
		}
	}

	private TatOutcome apply(String itemName, TatUpdate update) {
		if (itemName.equals(this.malformedItem)) {
			throw new MalformedBucketItemException(itemName, "it has no attribute 'tat'");
		}
		long stored = stored(itemName);
		boolean fits = update.backlogExpected() ? (stored > update.now() && stored <= update.latestTat())
				: stored <= update.now();
		if (!fits) {
			return TatOutcome.refused(stored);
		}
		long tat = update.addedTo(stored);
		this.tats.put(itemName, tat);
		this.applied++;
		return TatOutcome.applied(tat);
	}

	/** What the table does to one request. */
	enum Fault {

		NONE, TIMEOUT_BEFORE_WRITE, TIMEOUT_AFTER_WRITE, THROTTLED, ERROR_COMPLETED, THROWN, HANG

	}

	/**
	 * A fault that a host's request met: from when the request was made to when its failure was reported.
	 *
	 * @param host the host
	 * @param from when the request was made
	 * @param until when the failure completed the request; {@code Long.MAX_VALUE} for a hang
	 */
	record FaultEvent(String host, long from, long until) {
	}

	/**
	 * How often each fault happens, and the latency of requests.
	 *
	 * @param rates probability of each fault but {@link Fault#NONE}, in the order of {@link Fault#values()} from the
	 * second
	 * @param medianLatency typical latency, nanoseconds
	 * @param slowLatency latency of the slow tail, nanoseconds
	 * @param slowRate probability of a slow request
	 */
	record Faults(double[] rates, long medianLatency, long slowLatency, double slowRate) {

		static final Faults NONE = new Faults(new double[Fault.values().length - 1], 1_000_000, 1_000_000, 0);

		static Faults random(SplittableRandom random) {
			double[] rates = new double[Fault.values().length - 1];
			double total = 0.02 + random.nextDouble(0.3);
			for (int i = 0; i < rates.length; i++) {
				boolean hangs = Fault.values()[i + 1] == Fault.HANG;
				rates[i] = (hangs && random.nextInt(4) != 0) ? 0 : random.nextDouble(total / rates.length);
			}
			long median = 100_000 + random.nextLong(3_000_000);
			long slow = median * (1 + random.nextLong(100));
			return new Faults(rates, median, slow, random.nextDouble(0.2));
		}

		Fault pick(SplittableRandom random) {
			double draw = random.nextDouble();
			for (int i = 0; i < this.rates.length; i++) {
				draw -= this.rates[i];
				if (draw < 0) {
					return Fault.values()[i + 1];
				}
			}
			return Fault.NONE;
		}

		long latency(SplittableRandom random) {
			long base = (random.nextDouble() < this.slowRate) ? this.slowLatency : this.medianLatency;
			return 1 + random.nextLong(2 * base);
		}

	}

	static final class SimulatedTimeoutException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SimulatedTimeoutException() {
			super("simulated API call timeout", null, false, false);
		}

	}

	static final class SimulatedThrottlingException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SimulatedThrottlingException() {
			super("simulated throttling", null, false, false);
		}

	}

}
