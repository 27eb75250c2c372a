package io.github.leakybucket.annotation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that tests move by hand.
 */
final class MutableClock implements InstantSource {

	private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

	@Override
	public Instant instant() {
		return this.now;
	}

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

}
