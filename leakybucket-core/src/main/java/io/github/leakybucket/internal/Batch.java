package io.github.leakybucket.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Calls decided by one run of conditional writes, in arrival order. A handle has at most one batch in flight and
 * one waiting; the waiting batch's {@link #turn} completes when the one in flight is answered, and then one member
 * {@linkplain #claimed claims} it and sends it. Guarded by the handle's lock.
 */
final class Batch {

	final List<Call> calls = new ArrayList<>();

	/** Completes when the batch may be sent. */
	final CompletableFuture<Void> turn = new CompletableFuture<>();

	/** Whether a member is sending the batch; from then on its calls stay in it. */
	boolean claimed;

	/** Whether every call of the batch has been answered and the handle has moved on. */
	boolean done;

	/** Until when, on the engine's ticker, the batch's requests may run. */
	long budgetEnd;

	/** When the circuit breaker permitted the batch's requests, on the engine's ticker; negative if it has not. */
	long permitted = -1;

	void add(Call call) {
		this.calls.add(call);
		call.batch = this;
	}

}
