package io.github.leakybucket.limits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-key limits fixed at construction, such as {@code leakybucket.buckets.<name>.overrides.<key>}.
 */
public final class StaticLimits implements LimitResolver {

	private final Map<String, Map<String, Limit>> limits;

	/**
	 * Creates the limits.
	 * @param limits the limits by bucket name, then by key
	 */
	public StaticLimits(Map<String, ? extends Map<String, Limit>> limits) {
		Map<String, Map<String, Limit>> copy = new LinkedHashMap<>();
		limits.forEach((bucket, byKey) -> {
			if (!byKey.isEmpty()) {
				copy.put(bucket, Collections.unmodifiableMap(new LinkedHashMap<>(byKey)));
			}
		});
		this.limits = Collections.unmodifiableMap(copy);
	}

	@Override
	public Optional<Limit> limit(String bucket, String key) {
		Map<String, Limit> byKey = this.limits.get(bucket);
		return (byKey != null) ? Optional.ofNullable(byKey.get(key)) : Optional.empty();
	}

	@Override
	public Map<String, Limit> limits(String bucket) {
		return this.limits.getOrDefault(bucket, Map.of());
	}

}
