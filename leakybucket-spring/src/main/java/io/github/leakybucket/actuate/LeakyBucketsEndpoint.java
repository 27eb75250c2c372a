package io.github.leakybucket.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.metrics.LastKnownState;
import io.github.leakybucket.metrics.LastKnownStates;

/**
 * Actuator endpoint {@code leakybuckets}: the configured buckets with their last known state, the current state of
 * one bucket read from its storage, and, only when enabled, draining a bucket.
 */
@Endpoint(id = "leakybuckets")
public class LeakyBucketsEndpoint {

	private static final int STATUS_FORBIDDEN = 403;

	private final BucketRegistry buckets;

	private final LastKnownStates states;

	private final boolean drainEnabled;

	/**
	 * Creates the endpoint.
	 * @param buckets the configured buckets
	 * @param states the last known states
	 * @param drainEnabled whether the delete operation may drain buckets
	 */
	public LeakyBucketsEndpoint(BucketRegistry buckets, LastKnownStates states, boolean drainEnabled) {
		this.buckets = Objects.requireNonNull(buckets, "buckets");
		this.states = Objects.requireNonNull(states, "states");
		this.drainEnabled = drainEnabled;
	}

	/**
	 * Lists the configured buckets with their configuration and last known state. Makes no request.
	 * @return the buckets by name
	 */
	@ReadOperation
	public BucketsDescriptor buckets() {
		Instant now = this.states.clock().instant();
		Map<String, BucketDescriptor> buckets = new LinkedHashMap<>();
		for (String name : this.buckets.names()) {
			LastKnownState last = this.states.get(name);
			buckets.put(name, new BucketDescriptor(this.buckets.config(name),
					(last != null && last.isObserved()) ? LastKnownStateDescriptor.of(last, now) : null));
		}
		return new BucketsDescriptor(buckets);
	}

	/**
	 * Reads the current state of a bucket without keys from its storage.
	 * @param name the bucket name
	 * @return the state, or {@code null} (404) if no bucket of that name is configured
	 */
	@ReadOperation
	public @Nullable StateDescriptor bucket(@Selector String name) {
		return this.buckets.contains(name) ? read(this.buckets.bucket(name)) : null;
	}

	/**
	 * Reads the current state of one key's bucket from its storage.
	 * @param name the bucket name
	 * @param key the key
	 * @return the state, or {@code null} (404) if no bucket of that name is configured
	 */
	@ReadOperation
	public @Nullable StateDescriptor bucket(@Selector String name, @Selector String key) {
		return this.buckets.contains(name) ? read(this.buckets.bucket(name, key)) : null;
	}

	/**
	 * Drains a bucket without keys, if draining is enabled.
	 * @param name the bucket name
	 * @return the state after draining; 403 if draining is disabled, 404 if the name is unknown
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> drain(@Selector String name) {
		return drainBucket(name, null);
	}

	/**
	 * Drains one key's bucket, if draining is enabled.
	 * @param name the bucket name
	 * @param key the key
	 * @return the state after draining; 403 if draining is disabled, 404 if the name is unknown
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> drain(@Selector String name, @Selector String key) {
		return drainBucket(name, key);
	}

	private WebEndpointResponse<Object> drainBucket(String name, @Nullable String key) {
		if (!this.drainEnabled) {
			return new WebEndpointResponse<>(
					Map.of("message", "Draining buckets is disabled; set leakybucket.actuator.reset-enabled=true"),
					STATUS_FORBIDDEN);
		}
		if (!this.buckets.contains(name)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		Bucket bucket = (key != null) ? this.buckets.bucket(name, key) : this.buckets.bucket(name);
		bucket.drain();
		this.states.observed(bucket, bucket.state());
		return new WebEndpointResponse<>(StateDescriptor.of(bucket, bucket.state()));
	}

	private StateDescriptor read(Bucket bucket) {
		BucketState state = bucket.refresh();
		this.states.observed(bucket, state);
		return StateDescriptor.of(bucket, state);
	}

	/**
	 * The configured buckets.
	 *
	 * @param buckets the buckets by name
	 */
	public record BucketsDescriptor(Map<String, BucketDescriptor> buckets) {
	}

	/**
	 * One configured bucket.
	 *
	 * @param capacity units it holds
	 * @param drainTime how long a full bucket takes to drain, ISO-8601
	 * @param reserve units a JVM reserves ahead
	 * @param failureMode what a decision answers when the storage fails
	 * @param lastKnown the last known state, or {@code null} if none was seen
	 */
	public record BucketDescriptor(long capacity, String drainTime, long reserve, String failureMode,
			@Nullable LastKnownStateDescriptor lastKnown) {

		BucketDescriptor(BucketConfig config, @Nullable LastKnownStateDescriptor lastKnown) {
			this(config.capacity(), config.drainTime().toString(), config.reserve(), config.failureMode().name(),
					lastKnown);
		}

	}

	/**
	 * The last known state of a bucket name, drained to now.
	 *
	 * @param key the key of the handle it was seen through, or {@code null} for the bucket without keys
	 * @param remaining units that fit now, as far as this JVM knows
	 * @param fill the level divided by the capacity, as far as this JVM knows
	 * @param observedAt when the state was seen
	 * @param ageSeconds seconds since then
	 */
	public record LastKnownStateDescriptor(@Nullable String key, long remaining, double fill, String observedAt,
			double ageSeconds) {

		static LastKnownStateDescriptor of(LastKnownState last, Instant now) {
			return new LastKnownStateDescriptor(last.bucket().key(), (long) last.remaining(now), last.fill(now),
					last.observedAt().toString(), last.age(now).toNanos() / 1e9);
		}

	}

	/**
	 * The state of one bucket.
	 *
	 * @param name the bucket name
	 * @param key the key, or {@code null} for the bucket without keys
	 * @param capacity units it holds
	 * @param remaining units that fit
	 * @param fill the level divided by the capacity
	 * @param reset when the bucket will be empty, ISO-8601
	 */
	public record StateDescriptor(String name, @Nullable String key, long capacity, long remaining, double fill,
			String reset) {

		static StateDescriptor of(Bucket bucket, BucketState state) {
			return new StateDescriptor(bucket.name(), bucket.key(), state.capacity(), state.remaining(), state.fill(),
					state.reset().toString());
		}

	}

}
