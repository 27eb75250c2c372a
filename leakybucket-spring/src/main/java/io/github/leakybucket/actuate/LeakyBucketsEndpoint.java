package io.github.leakybucket.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.circuit.CircuitStates;
import io.github.leakybucket.limits.Limit;
import io.github.leakybucket.metrics.LastKnownState;
import io.github.leakybucket.metrics.LastKnownStates;

/**
 * Actuator endpoint {@code leakybuckets}: the configured buckets with their last known state and the state of their
 * circuit breaker, and the active rate-limit rules; the current state of one bucket read from its storage, and draining a bucket.
 * <p>
 * Read-only by default, following Boot's endpoint access model: the delete operations exist only with
 * {@code management.endpoint.leakybuckets.access=unrestricted}. Per-key keys, such as user ids or addresses, never
 * appear in the listing, but for the keys that have limits of their own (overrides); reading one key's bucket leaves no trace: neither the registry's handle cache nor the
 * last known state behind the gauges changes.
 */
@Endpoint(id = "leakybuckets", defaultAccess = Access.READ_ONLY)
public class LeakyBucketsEndpoint {

	private final BucketRegistry buckets;

	private final BucketStorage storage;

	private final LastKnownStates states;

	private final @Nullable CircuitStates circuits;

	private final RuleSource rules;

	/**
	 * Creates the endpoint.
	 * @param buckets the configured buckets
	 * @param storage the storage of those buckets, read through handles that are not cached
	 * @param states the last known states
	 */
	public LeakyBucketsEndpoint(BucketRegistry buckets, BucketStorage storage, LastKnownStates states) {
		this(buckets, storage, states, List::of);
	}

	/**
	 * Creates the endpoint, listing rate-limit rules too.
	 * @param buckets the configured buckets
	 * @param storage the storage of those buckets, read through handles that are not cached
	 * @param states the last known states
	 * @param rules the active rate-limit rules
	 */
	public LeakyBucketsEndpoint(BucketRegistry buckets, BucketStorage storage, LastKnownStates states,
			RuleSource rules) {
		this.rules = Objects.requireNonNull(rules, "rules");
		this.buckets = Objects.requireNonNull(buckets, "buckets");
		this.storage = Objects.requireNonNull(storage, "storage");
		this.states = Objects.requireNonNull(states, "states");
		this.circuits = CircuitStates.of(buckets, storage);
	}

	/**
	 * Lists the configured buckets with their configuration, last known state and circuit breaker state, never naming
	 * a key. Makes no request.
	 * @return the buckets by name
	 */
	@ReadOperation
	public BucketsDescriptor buckets() {
		Instant now = this.states.clock().instant();
		Map<String, BucketDescriptor> buckets = new LinkedHashMap<>();
		for (String name : this.buckets.names()) {
			LastKnownState last = this.states.get(name);
			buckets.put(name, new BucketDescriptor(this.buckets.config(name),
					LimitDescriptor.of(this.buckets.limits(name)),
					(last != null && last.isObserved()) ? LastKnownStateDescriptor.of(last, now) : null,
					(this.circuits != null) ? this.circuits.state(name).name() : null));
		}
		return new BucketsDescriptor(buckets, this.rules.rules());
	}

	/**
	 * Reads the current state of a bucket without keys from its storage.
	 * @param name the bucket name
	 * @return the state, or {@code null} (404) if no bucket of that name is configured
	 */
	@ReadOperation
	public @Nullable StateDescriptor bucket(@Selector String name) {
		if (!this.buckets.contains(name)) {
			return null;
		}
		Bucket bucket = this.buckets.bucket(name);
		BucketState state = bucket.refresh();
		this.states.observed(bucket, state);
		return StateDescriptor.of(bucket, state);
	}

	/**
	 * Reads the current state of one key's bucket from its storage, through a handle of its own: the key does not
	 * enter the registry's handle cache, and the gauges keep reporting the decisions.
	 * @param name the bucket name
	 * @param key the key
	 * @return the state, or {@code null} (404) if no bucket of that name is configured
	 */
	@ReadOperation
	public @Nullable StateDescriptor bucket(@Selector String name, @Selector String key) {
		if (!this.buckets.contains(name)) {
			return null;
		}
		Bucket bucket = this.storage.create(name, key, this.buckets.config(name, key));
		return StateDescriptor.of(bucket, bucket.refresh());
	}

	/**
	 * Drains a bucket without keys. Only exposed with unrestricted access to the endpoint.
	 * @param name the bucket name
	 * @return the state after draining, or 404 if the name is unknown
	 */
	@DeleteOperation
	public WebEndpointResponse<StateDescriptor> drain(@Selector String name) {
		if (!this.buckets.contains(name)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		Bucket bucket = this.buckets.bucket(name);
		bucket.drain();
		this.states.observed(bucket, bucket.state());
		return new WebEndpointResponse<>(StateDescriptor.of(bucket, bucket.state()));
	}

	/**
	 * Drains one key's bucket. Only exposed with unrestricted access to the endpoint. Goes through the registry, so
	 * that this JVM's handle of the key forgets the level it saw.
	 * @param name the bucket name
	 * @param key the key
	 * @return the state after draining, or 404 if the name is unknown
	 */
	@DeleteOperation
	public WebEndpointResponse<StateDescriptor> drain(@Selector String name, @Selector String key) {
		if (!this.buckets.contains(name)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		Bucket bucket = this.buckets.bucket(name, key);
		bucket.drain();
		return new WebEndpointResponse<>(StateDescriptor.of(bucket, bucket.state()));
	}

	/**
	 * The configured buckets and rate-limit rules.
	 *
	 * @param buckets the buckets by name
	 * @param rules the active rate-limit rules, in order
	 */
	public record BucketsDescriptor(Map<String, BucketDescriptor> buckets, List<RuleDescriptor> rules) {
	}

	/**
	 * Supplies the active rate-limit rules.
	 */
	@FunctionalInterface
	public interface RuleSource {

		/**
		 * Returns the active rules.
		 * @return the rules, in order
		 */
		List<RuleDescriptor> rules();

	}

	/**
	 * One active rate-limit rule.
	 *
	 * @param paths its path patterns
	 * @param methods its methods; empty for all
	 * @param bucket the bucket it drains
	 * @param key where it reads the key from, such as {@code header:X-Api-Key}, or {@code null} for one shared bucket
	 * @param cost units each request adds
	 * @param skip its skip condition, or {@code null}
	 * @param missingKey what happens to a request without the key: {@code SKIP} or {@code REJECT}
	 */
	public record RuleDescriptor(List<String> paths, List<String> methods, String bucket, @Nullable String key,
			long cost, @Nullable String skip, String missingKey) {
	}

	/**
	 * One configured bucket.
	 *
	 * @param capacity units it holds
	 * @param drainTime how long a full bucket takes to drain, ISO-8601
	 * @param reserve units a JVM reserves ahead
	 * @param failureMode what a decision answers when the storage fails
	 * @param overrides the limits of single keys, by key, in place of the capacity and drain time
	 * @param lastKnown the last known state, or {@code null} if none was seen
	 * @param circuit the state of the bucket name's circuit breaker ({@code CLOSED}, {@code OPEN} or
	 * {@code HALF_OPEN}); while it is {@code OPEN}, decisions answer by the failure mode without a request; or
	 * {@code null} if the storage has no circuit breakers
	 */
	public record BucketDescriptor(long capacity, String drainTime, long reserve, String failureMode,
			Map<String, LimitDescriptor> overrides, @Nullable LastKnownStateDescriptor lastKnown,
			@Nullable String circuit) {

		BucketDescriptor(BucketConfig config, Map<String, LimitDescriptor> overrides,
				@Nullable LastKnownStateDescriptor lastKnown, @Nullable String circuit) {
			this(config.capacity(), config.drainTime().toString(), config.reserve(), config.failureMode().name(),
					overrides, lastKnown, circuit);
		}

	}

	/**
	 * The limit of one key, in place of its bucket's.
	 *
	 * @param capacity units the key's bucket holds
	 * @param drainTime how long the key's full bucket takes to drain, ISO-8601
	 */
	public record LimitDescriptor(long capacity, String drainTime) {

		static Map<String, LimitDescriptor> of(Map<String, Limit> limits) {
			Map<String, LimitDescriptor> descriptors = new LinkedHashMap<>();
			limits.forEach((key, limit) -> descriptors.put(key,
					new LimitDescriptor(limit.capacity(), limit.drainTime().toString())));
			return descriptors;
		}

	}

	/**
	 * The last known state of a bucket name, drained to now. For a per-key bucket it is the state of the key decided
	 * most recently, which is not named.
	 *
	 * @param remaining units that fit now, as far as this JVM knows
	 * @param fill the level divided by the capacity, as far as this JVM knows
	 * @param observedAt when the state was seen
	 * @param ageSeconds seconds since then
	 */
	public record LastKnownStateDescriptor(long remaining, double fill, String observedAt, double ageSeconds) {

		static LastKnownStateDescriptor of(LastKnownState last, Instant now) {
			return new LastKnownStateDescriptor((long) last.remaining(now), last.fill(now),
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
