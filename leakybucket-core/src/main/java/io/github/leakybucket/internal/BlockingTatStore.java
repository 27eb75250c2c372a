package io.github.leakybucket.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.leakybucket.spi.AsyncTatStore;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatStore;
import io.github.leakybucket.spi.TatUpdate;

/**
 * Runs a blocking store's calls on the calling thread and hands back completed futures. Whatever a call throws
 * completes the future exceptionally.
 * <p>
 * One interrupted caller must not abort a write made for a whole batch: a pending interrupt is held back during the
 * call, and a call that an interrupt aborted midway is made once more, within what is left of its timeout. That second
 * request may add units the first already added: it can only record more than was admitted, never less. The
 * interrupt is restored afterwards.
 */
final class BlockingTatStore implements AsyncTatStore {

	private final TatStore store;

	BlockingTatStore(TatStore store) {
		this.store = store;
	}

	@Override
	public CompletableFuture<Long> read(String itemName, Duration timeout) {
		return call(timeout, (remaining) -> this.store.read(itemName, remaining));
	}

	@Override
	public CompletableFuture<TatOutcome> add(String itemName, TatUpdate update, Duration timeout) {
		return call(timeout, (remaining) -> this.store.add(itemName, update, remaining));
	}

	@Override
	public CompletableFuture<Void> delete(String itemName, Duration timeout) {
		return call(timeout, (remaining) -> {
			this.store.delete(itemName, remaining);
			return null;
		});
	}

	private static <T> CompletableFuture<T> call(Duration timeout, Function<Duration, T> request) {
		boolean interrupted = Thread.interrupted();
		long started = System.nanoTime();
		try {
			try {
				return CompletableFuture.completedFuture(request.apply(timeout));
			}
			catch (Throwable ex) {
				long remaining = timeout.toNanos() - (System.nanoTime() - started);
				// A client may interrupt its own thread to enforce its timeout: only an interrupt that came before
				// the timeout was used up is the caller's, and only then is the request made again.
				if (!Thread.interrupted() || remaining <= 0) {
					return CompletableFuture.failedFuture(ex);
				}
				interrupted = true;
				try {
					return CompletableFuture.completedFuture(request.apply(Duration.ofNanos(remaining)));
				}
				catch (Throwable again) {
					return CompletableFuture.failedFuture(again);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
