package io.github.leakybucket.internal;

import java.util.concurrent.CompletableFuture;

import io.github.leakybucket.BucketState;

/**
 * One call of {@code tryAdd}: its amount and its answer. Answered exactly once, under the handle's lock.
 */
final class Call {

	final long amount;

	final CompletableFuture<BucketState> answer = new CompletableFuture<>();

	/** The batch the call waits in, or {@code null}: guarded by the handle's lock. */
	Batch batch;

	/** Whether an answer was decided: guarded by the handle's lock. */
	boolean answered;

	Call(long amount) {
		this.amount = amount;
	}

}
