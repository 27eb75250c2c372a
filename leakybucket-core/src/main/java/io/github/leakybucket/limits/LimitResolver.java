package io.github.leakybucket.limits;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the limit of one key's bucket, in place of its bucket's configured capacity and drain time.
 * {@link io.github.leakybucket.BucketRegistry#bucket(String, String)} asks on every lookup, so an implementation
 * must answer from memory, without blocking.
 * <p>
 * <strong>What a changed limit does to a stored level.</strong> A key keeps one stored item whatever its limit, and
 * that item holds only the instant its level reaches zero: a backlog {@code B} of time. A new limit (capacity
 * {@code C}, drain time {@code D}) reads that backlog at its own rate: the level is {@code B × C / D} units,
 * {@code remaining} is {@code floor((D − min(B, D)) × C / D)}, and an amount {@code n} fits once
 * {@code B ≤ D − ceil(n × D / C)}. Nothing is rewritten. So with the drain time kept, the bucket keeps how full it
 * is as a fraction: a capacity raised from 3 to 6 with 2 used (two thirds full) has 2 remaining; a capacity lowered
 * from 6 to 3 with 5 used has 0 remaining until the backlog has drained to two thirds. A drain time lowered below the
 * stored backlog cannot be told apart from a writer whose clock runs ahead: the handle treats it as clock skew (see
 * {@link io.github.leakybucket.DecisionListener#onClockSkew}), which makes the bucket full, and admits at the new
 * rate from then; it never admits more than the new limit. An excess of more than a day is taken for a malformed
 * item ({@link io.github.leakybucket.MalformedBucketItemException}) until it drains; drain the key when cutting a
 * drain time by more than a day.
 */
@FunctionalInterface
public interface LimitResolver {

	/**
	 * Returns the limit of one key's bucket.
	 * @param bucket the bucket name
	 * @param key the key
	 * @return the key's limit, or empty for the bucket's configured one
	 */
	Optional<Limit> limit(String bucket, String key);

	/**
	 * Returns the per-key limits of a bucket this resolver knows of, for display. A resolver that computes limits
	 * rather than holding them returns none.
	 * @param bucket the bucket name
	 * @return the limits by key
	 */
	default Map<String, Limit> limits(String bucket) {
		return Map.of();
	}

	/**
	 * Returns a resolver that leaves every key at its bucket's limit.
	 * @return the resolver
	 */
	static LimitResolver none() {
		return (bucket, key) -> Optional.empty();
	}

	/**
	 * Returns a resolver that asks each resolver in turn: the first limit found wins.
	 * @param resolvers the resolvers, in order of precedence
	 * @return the resolver
	 */
	static LimitResolver firstOf(LimitResolver... resolvers) {
		List<LimitResolver> all = List.copyOf(Arrays.asList(resolvers));
		return new LimitResolver() {

			@Override
			public Optional<Limit> limit(String bucket, String key) {
				for (LimitResolver resolver : all) {
					Optional<Limit> limit = resolver.limit(bucket, key);
					if (limit.isPresent()) {
						return limit;
					}
				}
				return Optional.empty();
			}

			@Override
			public Map<String, Limit> limits(String bucket) {
				Map<String, Limit> limits = new LinkedHashMap<>();
				for (LimitResolver resolver : all) {
					resolver.limits(bucket).forEach(limits::putIfAbsent);
				}
				return limits;
			}

		};
	}

}
