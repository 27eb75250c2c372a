package io.github.leakybucket.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests set and advance instead of sleeping. Thread-safe.
 */
public final class MutableClock implements InstantSource {

	private final AtomicReference<Instant> now;

	/**
	 * Creates a clock at the given instant.
	 * @param start the initial instant
	 */
	public MutableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	/**
	 * Creates a clock at the current system time.
	 * @return the clock
	 */
	public static MutableClock atSystemTime() {
		return new MutableClock(Instant.now());
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 * @return the new instant
	 */
	public Instant advance(Duration duration) {
		return this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	/**
	 * Sets the clock.
	 * @param instant the new instant
	 */
	public void set(Instant instant) {
		this.now.set(instant);
	}

}
