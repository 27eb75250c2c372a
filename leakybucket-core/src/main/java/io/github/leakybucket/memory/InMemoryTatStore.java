package io.github.leakybucket.memory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatStore;
import io.github.leakybucket.spi.TatUpdate;

/**
 * Stored {@code tat} values in a map; {@link #add} computes {@code max} itself, so it never refuses a fitting update.
 */
final class InMemoryTatStore implements TatStore {

	private final ConcurrentMap<String, Long> tats = new ConcurrentHashMap<>();

	@Override
	public long read(String itemName, Duration timeout) {
		return this.tats.getOrDefault(itemName, 0L);
	}

	@Override
	public TatOutcome add(String itemName, TatUpdate update, Duration timeout) {
		TatOutcome[] outcome = new TatOutcome[1];
		this.tats.compute(itemName, (name, stored) -> {
			long tat = (stored != null) ? stored : 0;
			outcome[0] = update.fits(tat) ? TatOutcome.applied(update.addedTo(tat)) : TatOutcome.refused(tat);
			return outcome[0].tat();
		});
		return outcome[0];
	}

	@Override
	public void delete(String itemName, Duration timeout) {
		this.tats.remove(itemName);
	}

}
