package io.github.leakybucket.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so that expiry is tested without waiting. Starts at the current second, so that
 * items it stamps make sense to a real DynamoDB's TTL too.
 */
public final class TestClock implements InstantSource {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	@Override
	public Instant instant() {
		return this.now.get();
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

}
