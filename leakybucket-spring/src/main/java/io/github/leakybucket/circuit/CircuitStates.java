package io.github.leakybucket.circuit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The state of the circuit breaker of each configured bucket name. Only {@link DynamoDbBucketStorage} has circuit
 * breakers; for any other storage {@link #of} answers {@code null}. Reading a state makes no request.
 */
public final class CircuitStates {

	private final BucketRegistry buckets;

	private final DynamoDbBucketStorage storage;

	private CircuitStates(BucketRegistry buckets, DynamoDbBucketStorage storage) {
		this.buckets = buckets;
		this.storage = storage;
	}

	/**
	 * Returns the circuit states of the configured buckets, if their storage has circuit breakers.
	 * @param buckets the configured buckets
	 * @param storage their storage
	 * @return the states, or {@code null} if the storage has no circuit breakers
	 */
	public static @Nullable CircuitStates of(BucketRegistry buckets, BucketStorage storage) {
		Objects.requireNonNull(buckets, "buckets");
		return (storage instanceof DynamoDbBucketStorage dynamoDb) ? new CircuitStates(buckets, dynamoDb) : null;
	}

	/**
	 * Returns the configured bucket names.
	 * @return the names
	 */
	public Set<String> names() {
		return this.buckets.names();
	}

	/**
	 * Returns the state of one bucket name's circuit breaker.
	 * @param name the bucket name
	 * @return the state; {@code CLOSED} for a name that has made no request
	 */
	public CircuitBreaker.State state(String name) {
		return this.storage.circuitState(name);
	}

	/**
	 * Returns the state of every configured bucket name's circuit breaker.
	 * @return the states by bucket name, in the order of {@link #names()}
	 */
	public Map<String, CircuitBreaker.State> states() {
		Map<String, CircuitBreaker.State> states = new LinkedHashMap<>();
		for (String name : names()) {
			states.put(name, state(name));
		}
		return states;
	}

}
