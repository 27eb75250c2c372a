package io.github.leakybucket.web.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.annotation.RateLimitedException;
import io.github.leakybucket.web.RateLimitFields;
import io.github.leakybucket.web.rules.RateLimitRules.Limit;
import org.jspecify.annotations.Nullable;

/**
 * Decides several limits on one request: the request is admitted only if every limit admits it, and a limit that
 * can be seen to reject stops the request before any bucket is drained.
 * <p>
 * The engine drains one bucket at a time and cannot take units back, so the limits are decided in this order:
 * <ol>
 * <li>The limits are sorted by the time one unit takes to leak out of their bucket ({@code drainTime / capacity}),
 * shortest first, so that a unit spent on a request that a later limit rejects comes back soonest: a burst bucket
 * is drained before a daily one, and a request the burst bucket rejects never reaches the daily bucket.</li>
 * <li>Before anything is drained, every limit after the first is checked against the level its handle last saw
 * ({@link Bucket#state()}), drained to now. A level is a lower bound (other JVMs only add to it), so a cost that does
 * not fit on it is certain to be rejected: the request is rejected with that state and no bucket is drained. A
 * handle that has not decided yet reads its level once to answer (one strongly consistent read). Buckets with a
 * reserve are not checked, since their known level counts units reserved but not yet handed out.</li>
 * <li>The limits are then drained in order, stopping at the first rejection.</li>
 * </ol>
 * What remains is bounded: when limit {@code k} rejects a request that its handle's known level let through (its
 * level was raised by another JVM since this one last saw it, or it fails closed on a storage failure), each earlier
 * limit {@code i < k} has been charged the request's cost {@code c_i} for nothing. Those units leak out of bucket
 * {@code i} within {@code c_i * drainTime_i / capacity_i}, the shortest per-unit times of the request's limits. The
 * rejection teaches limit {@code k}'s handle the stored level, so the next request is rejected by step 2 until that
 * level has drained enough: at most one such over-draw per JVM and key each time bucket {@code k} fills up behind
 * this JVM's back.
 */
public final class MultiLimitDecider {

	private static final long CERTAINTY_MARGIN_NANOS = Duration.ofMillis(1).toNanos();

	private static final Comparator<Limit> BY_UNIT_LEAK_TIME = Comparator
		.comparingDouble((Limit limit) -> limit.bucket().drainTime().toNanos() / (double) limit.bucket().capacity());

	private final BucketRegistry registry;

	private final InstantSource clock;

	/**
	 * Creates a decider.
	 * @param registry the configured buckets, whose reserves it reads
	 * @param clock the clock that drains a known level to now; the buckets' storage clock
	 */
	public MultiLimitDecider(BucketRegistry registry, InstantSource clock) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Decides every limit on the calling thread, which may block on the storage.
	 * @param limits the limits of one request
	 * @return the decision
	 */
	public Decision decide(List<Limit> limits) {
		Plan plan = plan(limits);
		if (plan.rejection() != null) {
			return new Decision(List.of(plan.rejection()), plan.rejection());
		}
		List<Decided> decided = new ArrayList<>(plan.limits().size());
		for (Limit limit : plan.limits()) {
			Decided decision = new Decided(limit, limit.bucket().tryAdd(limit.cost()));
			decided.add(decision);
			if (!decision.state().admitted()) {
				return new Decision(decided, decision);
			}
		}
		return new Decision(decided, null);
	}

	/**
	 * Orders the limits and checks them against their known levels, without draining anything. May read a level
	 * from the storage, once per handle: call it where blocking is allowed.
	 * @param limits the limits of one request
	 * @return the limits in the order to drain them, or the certain rejection
	 */
	public Plan plan(List<Limit> limits) {
		if (limits.size() < 2) {
			return new Plan(limits, null);
		}
		List<Limit> ordered = new ArrayList<>(limits);
		ordered.sort(BY_UNIT_LEAK_TIME);
		for (int i = 1; i < ordered.size(); i++) {
			Decided rejection = certainRejection(ordered.get(i));
			if (rejection != null) {
				return new Plan(ordered, rejection);
			}
		}
		return new Plan(ordered, null);
	}

	/**
	 * Drains the limits of a plan in order, without blocking when the storage has an asynchronous client.
	 * @param plan a plan without a rejection
	 * @return the decision
	 */
	public CompletableFuture<Decision> drainAsync(Plan plan) {
		if (plan.rejection() != null) {
			return CompletableFuture.completedFuture(new Decision(List.of(plan.rejection()), plan.rejection()));
		}
		return drainFrom(plan.limits(), 0, new ArrayList<>(plan.limits().size()));
	}

	private CompletableFuture<Decision> drainFrom(List<Limit> limits, int index, List<Decided> decided) {
		if (index == limits.size()) {
			return CompletableFuture.completedFuture(new Decision(decided, null));
		}
		Limit limit = limits.get(index);
		return limit.bucket().tryAddAsync(limit.cost()).thenCompose((state) -> {
			Decided decision = new Decided(limit, state);
			decided.add(decision);
			if (!state.admitted()) {
				return CompletableFuture.completedFuture(new Decision(decided, decision));
			}
			return drainFrom(limits, index + 1, decided);
		});
	}

	private @Nullable Decided certainRejection(Limit limit) {
		Bucket bucket = limit.bucket();
		if (this.registry.config(bucket.name()).reserve() > 0) {
			return null;
		}
		BucketState known;
		try {
			known = bucket.state();
		}
		catch (RuntimeException ex) {
			// The level is unknown: the decision itself will meet the failure and answer by the failure mode.
			return null;
		}
		Instant now = this.clock.instant();
		// The handle's own limit: a key with a limit of its own (an override) differs from its bucket's.
		double drainNanos = bucket.drainTime().toNanos();
		double capacity = bucket.capacity();
		double untilEmpty = Math.max(0, Duration.between(now, known.reset()).toNanos());
		double fitsWithin = drainNanos * (capacity - limit.cost()) / capacity;
		double over = untilEmpty - fitsWithin;
		if (over <= CERTAINTY_MARGIN_NANOS) {
			return null;
		}
		long remaining = Math.max(0,
				Math.min(bucket.capacity(), (long) Math.floor(capacity - untilEmpty * capacity / drainNanos)));
		BucketState rejected = BucketState.rejected(bucket.capacity(), remaining, known.reset(),
				Duration.ofNanos((long) Math.ceil(over)));
		return new Decided(limit, rejected);
	}

	/**
	 * The order to drain a request's limits in, or the certain rejection found before draining.
	 *
	 * @param limits the limits, in the order to drain them
	 * @param rejection the limit that is certain to reject, with the state its known level gives, or {@code null}
	 */
	public record Plan(List<Limit> limits, @Nullable Decided rejection) {

		/**
		 * Creates a plan, copying its limits.
		 */
		public Plan {
			limits = List.copyOf(limits);
		}

	}

	/**
	 * One limit's decision.
	 *
	 * @param limit the limit
	 * @param state the state its bucket decided, or its known level gave
	 */
	public record Decided(Limit limit, BucketState state) {

		/**
		 * Returns the exception that answers a request this limit rejected.
		 * @return the exception
		 */
		public RateLimitedException rejected() {
			Bucket bucket = this.limit.bucket();
			return new RateLimitedException(bucket.name(), bucket.key(), bucket.drainTime(), this.state);
		}

	}

	/**
	 * The decision on all of a request's limits.
	 *
	 * @param decided the limits decided, in order; drained if admitted, except the rejecting one
	 * @param rejection the limit that rejected the request, or {@code null} if all admitted it
	 */
	public record Decision(List<Decided> decided, @Nullable Decided rejection) {

		/**
		 * Creates a decision, copying its list.
		 */
		public Decision {
			decided = List.copyOf(decided);
		}

		/**
		 * Returns whether every limit admitted the request.
		 * @return {@code true} if admitted
		 */
		public boolean admitted() {
			return this.rejection == null;
		}

		/**
		 * Records the policy of every limit and the state of every decided one in a request's RateLimit fields.
		 * @param fields the request's fields
		 * @param limits all of the request's limits, decided or not
		 */
		public void recordTo(RateLimitFields fields, List<Limit> limits) {
			for (Limit limit : limits) {
				Bucket bucket = limit.bucket();
				fields.recordPolicy(bucket.name(), bucket.capacity(), bucket.drainTime());
			}
			for (Decided decided : this.decided) {
				Bucket bucket = decided.limit().bucket();
				fields.record(bucket.name(), bucket.drainTime(), decided.state());
			}
		}

	}

}
