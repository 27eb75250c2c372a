package io.github.leakybucket.web.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The configured rate-limit rules, checked against the bucket registry when created: matches a request against
 * every rule, in order, and reads each matching rule's key.
 * <p>
 * A rule applies to a request when a path pattern and the method match, its {@code skip} condition does not hold,
 * and the request has its key. A request that lacks the key of a rule whose {@link RateLimitRule.MissingKey} is
 * {@code REJECT} stops the matching: it is answered with {@code 400 Bad Request}. Every rule that applies adds a
 * {@link Limit}; all of them are then decided together by {@link MultiLimitDecider}.
 */
public final class RateLimitRules {

	private final List<RateLimitRule> rules;

	private final BucketRegistry registry;

	private final boolean readsPrincipal;

	/**
	 * Creates the rules, checking that each names a configured bucket and that its cost fits in it.
	 * @param rules the rules, in order
	 * @param registry the configured buckets
	 * @throws InvalidRateLimitRuleException if a rule names a bucket that is not configured, or costs more than its
	 * bucket holds
	 */
	public RateLimitRules(List<RateLimitRule> rules, BucketRegistry registry) {
		Objects.requireNonNull(registry, "registry");
		for (RateLimitRule rule : rules) {
			if (!registry.contains(rule.bucket())) {
				throw new InvalidRateLimitRuleException(rule.index(), "bucket", rule.bucket(),
						"no bucket of that name is configured; configured buckets are " + registry.names());
			}
			long capacity = registry.config(rule.bucket()).capacity();
			if (rule.cost() > capacity) {
				throw new InvalidRateLimitRuleException(rule.index(), "cost", rule.cost(),
						"it exceeds the capacity " + capacity + " of bucket '" + rule.bucket() + "'");
			}
		}
		this.rules = List.copyOf(rules);
		this.registry = registry;
		this.readsPrincipal = this.rules.stream().anyMatch(RateLimitRule::readsPrincipal);
	}

	/**
	 * Returns the rules.
	 * @return the rules, in order
	 */
	public List<RateLimitRule> rules() {
		return this.rules;
	}

	/**
	 * Returns whether any rule may read the request's principal, which a reactive request must resolve first.
	 * @return {@code true} if a rule has a {@code principal} key or an expression
	 */
	public boolean readsPrincipal() {
		return this.readsPrincipal;
	}

	/**
	 * Matches a request against every rule.
	 * @param request the request
	 * @return the limits that apply, or the rule whose missing key rejects the request
	 */
	public Match match(RuleRequest request) {
		List<Limit> limits = new ArrayList<>();
		for (RateLimitRule rule : this.rules) {
			if (!rule.matches(request) || rule.skips(request)) {
				continue;
			}
			RequestKey key = rule.key();
			if (key == null) {
				limits.add(new Limit(rule, this.registry.bucket(rule.bucket()), rule.cost()));
				continue;
			}
			String value = key.resolve(request);
			if (value != null) {
				limits.add(new Limit(rule, this.registry.bucket(rule.bucket(), value), rule.cost()));
			}
			else if (rule.missingKey() == RateLimitRule.MissingKey.REJECT) {
				return new Match(List.of(), rule);
			}
		}
		return new Match(limits, null);
	}

	/**
	 * What a request matched.
	 *
	 * @param limits the limits that apply, in rule order
	 * @param missingKey the rule whose key the request lacks and that rejects it for that, or {@code null}
	 */
	public record Match(List<Limit> limits, @Nullable RateLimitRule missingKey) {

		/**
		 * Creates a match, copying its limits.
		 */
		public Match {
			limits = List.copyOf(limits);
		}

	}

	/**
	 * One limit that applies to a request: a bucket (of one key, or shared) and the units the request adds.
	 *
	 * @param rule the rule the limit comes from
	 * @param bucket the bucket
	 * @param cost the units to add
	 */
	public record Limit(RateLimitRule rule, Bucket bucket, long cost) {
	}

}
