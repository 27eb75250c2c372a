package io.github.leakybucket.lease;

import java.time.Duration;
import java.util.List;

/**
 * Told about every lease operation, once, for metrics. Called on the calling thread (or the heartbeat's) after
 * the operation: keep it cheap.
 */
@FunctionalInterface
public interface LeaseListener {

	/** A listener that does nothing. */
	LeaseListener NONE = (name, operation, outcome, elapsed) -> {
	};

	/**
	 * Returns a listener that tells each of the given ones, in order.
	 * @param listeners the listeners
	 * @return {@link #NONE} for none, the listener itself for one, else one that tells them all
	 */
	static LeaseListener allOf(List<LeaseListener> listeners) {
		List<LeaseListener> all = List.copyOf(listeners);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return (name, operation, outcome, elapsed) -> {
			for (LeaseListener listener : all) {
				listener.onOperation(name, operation, outcome, elapsed);
			}
		};
	}

	/**
	 * Called after an operation.
	 * @param name the lease name
	 * @param operation the operation: {@code acquire} (one attempt, or a whole blocking acquire), {@code renew}
	 * or {@code release}
	 * @param outcome how it ended
	 * @param elapsed how long it took, waiting included
	 */
	void onOperation(String name, String operation, Outcome outcome, Duration elapsed);

	/**
	 * How a lease operation ended.
	 */
	enum Outcome {

		/** A lease was granted on a missing or released row. */
		ACQUIRED("acquired"),

		/** A lease was granted over an expired grant. */
		TAKEN_OVER("taken-over"),

		/** The lease is held by another owner (an acquire found it busy, or waited out its timeout). */
		BUSY("busy"),

		/** A renewal was applied. */
		RENEWED("renewed"),

		/** A release was applied. */
		RELEASED("released"),

		/** The lease was found lost: past its deadline, taken over, or released already. */
		LOST("lost"),

		/** It failed with an exception, and reading back did not settle the outcome. */
		ERROR("error");

		private final String tagValue;

		Outcome(String tagValue) {
			this.tagValue = tagValue;
		}

		/**
		 * Returns the outcome in lower case, for a metric tag.
		 * @return for example {@code taken-over}
		 */
		public String tagValue() {
			return this.tagValue;
		}

	}

}
