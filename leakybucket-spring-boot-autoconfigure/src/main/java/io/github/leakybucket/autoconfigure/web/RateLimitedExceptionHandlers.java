package io.github.leakybucket.autoconfigure.web;

import java.time.Duration;
import java.time.InstantSource;

import io.github.leakybucket.web.RateLimitedExceptionHandler;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Creates the {@link RateLimitedExceptionHandler} that both web stacks use, from {@code leakybucket.web.*}.
 */
final class RateLimitedExceptionHandlers {

	private RateLimitedExceptionHandlers() {
	}

	/**
	 * Creates a handler.
	 * @param properties the web properties
	 * @return the handler
	 * @throws InvalidConfigurationPropertyValueException if {@code leakybucket.web.storage-failure-retry-after} is
	 * shorter than one second
	 */
	static RateLimitedExceptionHandler of(RateLimitedWebProperties properties) {
		Duration storageFailureRetryAfter = properties.getStorageFailureRetryAfter();
		if (storageFailureRetryAfter == null || storageFailureRetryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.web.storage-failure-retry-after",
					storageFailureRetryAfter, "it must be at least 1s, so that clients do not retry at once");
		}
		return new RateLimitedExceptionHandler(properties.isHeaders(), storageFailureRetryAfter,
				InstantSource.system(), properties.getHeadersDraft());
	}

}
