package io.github.leakybucket.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.leakybucket.spi.AsyncTatStore;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatStore;
import io.github.leakybucket.spi.TatUpdate;

/**
 * Runs a blocking store's calls on the calling thread and hands back completed futures. Whatever a call throws
 * completes the future exceptionally.
 * <p>
 * One interrupted caller must not abort a write made for a whole batch: a pending interrupt is held back during the
 * call, and a call that an interrupt aborted midway is made once more. That second request may add units the first
 * already added: it can only record more than was admitted, never less. The interrupt is restored afterwards.
 */
final class BlockingTatStore implements AsyncTatStore {

	private final TatStore store;

	BlockingTatStore(TatStore store) {
		this.store = store;
	}

	@Override
	public CompletableFuture<Long> read(String itemName, Duration timeout) {
		return call(() -> this.store.read(itemName, timeout));
	}

	@Override
	public CompletableFuture<TatOutcome> add(String itemName, TatUpdate update, Duration timeout) {
		return call(() -> this.store.add(itemName, update, timeout));
	}

	@Override
	public CompletableFuture<Void> delete(String itemName, Duration timeout) {
		return call(() -> {
			this.store.delete(itemName, timeout);
			return null;
		});
	}

	private static <T> CompletableFuture<T> call(Supplier<T> request) {
		boolean interrupted = Thread.interrupted();
		try {
			try {
				return CompletableFuture.completedFuture(request.get());
			}
			catch (Throwable ex) {
				if (!Thread.interrupted()) {
					return CompletableFuture.failedFuture(ex);
				}
				interrupted = true;
			}
			try {
				return CompletableFuture.completedFuture(request.get());
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
