package io.github.leakybucket.metrics;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.DecisionSource;

/**
 * Keeps, per bucket name, the last state any of its handles returned, from the decisions themselves: no request.
 * <p>
 * Per-key buckets are aggregated under their name: the state kept is that of the key decided most recently, never
 * one entry per key, so memory and metric cardinality stay bounded by the number of bucket names.
 */
public final class LastKnownStates implements DecisionListener {

	private final InstantSource clock;

	private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

	private final List<Consumer<String>> nameListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates an instance on the system clock.
	 */
	public LastKnownStates() {
		this(InstantSource.system());
	}

	/**
	 * Creates an instance.
	 * @param clock the clock that observation times are read from
	 */
	public LastKnownStates(InstantSource clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public void onDecision(Bucket bucket, BucketState state, DecisionSource source) {
		observed(bucket, state);
	}

	@Override
	public void onError(Bucket bucket, RuntimeException error, BucketState state) {
		observed(bucket, state);
	}

	/**
	 * Records a state seen outside a decision, such as by {@link Bucket#refresh()}.
	 * @param bucket the handle
	 * @param state the state it returned
	 */
	public void observed(Bucket bucket, BucketState state) {
		slot(bucket).state = new LastKnownState(bucket, state, this.clock.instant());
	}

	/**
	 * Makes a bucket name known before any decision, with the handle to refresh it through.
	 * @param bucket the handle
	 */
	public void track(Bucket bucket) {
		slot(bucket);
	}

	/**
	 * Returns what was last seen of a bucket name.
	 * @param name the bucket name
	 * @return the last known state, or {@code null} if the name is not known
	 */
	public LastKnownState get(String name) {
		Slot slot = this.slots.get(name);
		return (slot != null) ? slot.state : null;
	}

	/**
	 * Returns the bucket names known so far.
	 * @return the names
	 */
	public Set<String> names() {
		return Set.copyOf(this.slots.keySet());
	}

	/**
	 * Returns the clock observation times are read from.
	 * @return the clock
	 */
	public InstantSource clock() {
		return this.clock;
	}

	/**
	 * Calls the listener with each name known now and, from then on, each name the first time it is seen.
	 * @param listener the listener; it may be called more than once for a name, so it should be idempotent
	 */
	public void whenNameKnown(Consumer<String> listener) {
		this.nameListeners.add(listener);
		this.slots.keySet().forEach(listener);
	}

	// A slot per name, written with a plain volatile write: decisions of one name on many threads do not contend
	// on a map bin, as a put would.
	private Slot slot(Bucket bucket) {
		Slot slot = this.slots.get(bucket.name());
		if (slot != null) {
			return slot;
		}
		Slot created = new Slot(new LastKnownState(bucket, null, null));
		Slot existing = this.slots.putIfAbsent(bucket.name(), created);
		if (existing != null) {
			return existing;
		}
		for (Consumer<String> listener : this.nameListeners) {
			listener.accept(bucket.name());
		}
		return created;
	}

	private static final class Slot {

		private volatile LastKnownState state;

		Slot(LastKnownState state) {
			this.state = state;
		}

	}

}
