package io.github.leakybucket.kv;

import java.time.Duration;
import java.util.List;

/**
 * Told about every public operation of a {@link KeyValueStore}, once, for metrics. Called on the calling thread
 * after the operation: keep it cheap.
 */
@FunctionalInterface
public interface KeyValueStoreListener {

	/** A listener that does nothing. */
	KeyValueStoreListener NONE = (operation, outcome, elapsed) -> {
	};

	/**
	 * Returns a listener that tells each of the given listeners, in order.
	 * @param listeners the listeners
	 * @return a single listener, {@link #NONE} if there are none
	 */
	static KeyValueStoreListener allOf(List<KeyValueStoreListener> listeners) {
		List<KeyValueStoreListener> all = List.copyOf(listeners);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return (operation, outcome, elapsed) -> {
			for (KeyValueStoreListener listener : all) {
				listener.onOperation(operation, outcome, elapsed);
			}
		};
	}

	/**
	 * Called after an operation.
	 * @param operation the operation, for example {@code get}, {@code put}, {@code list}, {@code atomic-put},
	 * {@code get-all}
	 * @param outcome how it ended
	 * @param elapsed how long it took, retries included
	 */
	void onOperation(String operation, Outcome outcome, Duration elapsed);

	/**
	 * How an operation ended.
	 */
	enum Outcome {

		/** It did what was asked. */
		SUCCESS("success"),

		/** The key did not exist, or had expired. */
		NOT_FOUND("not-found"),

		/** A conditional write lost: {@link KeyExistsException} or {@link KeyModifiedException}. */
		CONFLICT("conflict"),

		/** It failed with any other exception, invalid arguments included. */
		ERROR("error");

		private final String tagValue;

		Outcome(String tagValue) {
			this.tagValue = tagValue;
		}

		/**
		 * Returns the outcome in lower case, for a metric tag.
		 * @return for example {@code not-found}
		 */
		public String tagValue() {
			return this.tagValue;
		}

	}

}
