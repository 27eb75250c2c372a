package io.github.leakybucket.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.ListOptions;
import io.github.leakybucket.kv.Page;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key limits kept in a {@link KeyValueStore}, read into memory and refreshed on a fixed interval, so that a
 * changed limit takes effect within one interval (plus the time of one read), without a restart.
 * <p>
 * <strong>Layout.</strong> One pair per limited key: key {@code <prefix><bucket>/<key>}, such as
 * {@code leakybucket/limits/notes/vip}, and as value the UTF-8 text of a {@link Limit}, such as {@code 6/PT1M}. The
 * bucket name ends at the first {@code /} after the prefix; the key is the rest, so keys may hold {@code /}. Delete
 * the pair to return the key to its bucket's limit.
 * <p>
 * <strong>Cost.</strong> Lookups are answered from memory. The first lookup lists the prefix, and each refresh lists
 * it again (one {@code Query} per page of pairs): the request count does not grow with decisions or keys.
 * <p>
 * <strong>Failures.</strong> A refresh that fails keeps every limit last read; one whose pair holds a value that is
 * not a valid limit keeps that key's last known limit, or none. Both are logged as warnings and told to the
 * {@link Listener}. If the first read fails, no key has a limit until a refresh succeeds.
 */
public final class KeyValueStoreLimitResolver implements LimitResolver, AutoCloseable {

	/** Prefix of the limit pairs when none is given. */
	public static final String DEFAULT_PREFIX = "leakybucket/limits/";

	/** Interval between two refreshes when none is given. */
	public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(KeyValueStoreLimitResolver.class);

	private final KeyValueStore store;

	private final String prefix;

	private final Duration refreshInterval;

	private final Listener listener;

	private final ReentrantLock refreshLock = new ReentrantLock();

	private final ScheduledExecutorService scheduler;

	/** Limits by bucket name, then by key; {@code null} until first read. */
	private volatile Map<String, Map<String, Limit>> limits;

	private KeyValueStoreLimitResolver(Builder builder) {
		this.store = builder.store;
		this.prefix = builder.prefix;
		this.refreshInterval = builder.refreshInterval;
		this.listener = builder.listener;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "leakybucket-limits");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.refreshInterval.toNanos();
		this.scheduler.scheduleWithFixedDelay(this::scheduledRefresh, interval, interval, TimeUnit.NANOSECONDS);
	}

	/**
	 * Returns a builder of a resolver over a store.
	 * @param store the store that holds the limits
	 * @return a builder with the default prefix and refresh interval, and no listener
	 */
	public static Builder builder(KeyValueStore store) {
		return new Builder(store);
	}

	@Override
	public Optional<Limit> limit(String bucket, String key) {
		Map<String, Limit> byKey = current().get(bucket);
		return (byKey != null) ? Optional.ofNullable(byKey.get(key)) : Optional.empty();
	}

	@Override
	public Map<String, Limit> limits(String bucket) {
		return current().getOrDefault(bucket, Map.of());
	}

	/**
	 * Reads the limits from the store now, as each scheduled refresh does.
	 * @return whether the read succeeded; if not, the last known limits are kept
	 */
	public boolean refresh() {
		this.refreshLock.lock();
		try {
			Map<String, Map<String, Limit>> known = (this.limits != null) ? this.limits : Map.of();
			Map<String, Map<String, Limit>> read;
			try {
				read = read(known);
			}
			catch (RuntimeException ex) {
				if (this.limits == null) {
					this.limits = Map.of();
				}
				logger.warn("Could not refresh the per-key limits under '{}'; keeping the last known ones",
						this.prefix, ex);
				tell(() -> this.listener.onRefreshFailed(ex));
				return false;
			}
			this.limits = read;
			int count = read.values().stream().mapToInt(Map::size).sum();
			tell(() -> this.listener.onRefreshed(count));
			return true;
		}
		finally {
			this.refreshLock.unlock();
		}
	}

	/**
	 * Writes a key's limit to the store. It takes effect at the next refresh, in every JVM.
	 * @param bucket the bucket name
	 * @param key the key
	 * @param limit the limit
	 */
	public void put(String bucket, String key, Limit limit) {
		Objects.requireNonNull(limit, "limit must not be null");
		this.store.put(storeKey(bucket, key), limit.toString());
	}

	/**
	 * Deletes a key's limit from the store, returning the key to its bucket's limit at the next refresh.
	 * @param bucket the bucket name
	 * @param key the key
	 */
	public void remove(String bucket, String key) {
		this.store.delete(storeKey(bucket, key));
	}

	/**
	 * Returns the store key that holds a key's limit.
	 * @param bucket the bucket name, without {@code /}
	 * @param key the key
	 * @return {@code <prefix><bucket>/<key>}
	 * @throws IllegalArgumentException if the bucket name is empty or holds {@code /}
	 */
	public String storeKey(String bucket, String key) {
		if (bucket == null || bucket.isEmpty() || bucket.indexOf('/') >= 0) {
			throw new IllegalArgumentException("bucket must be a name without '/' to hold limits: " + bucket);
		}
		Objects.requireNonNull(key, "key must not be null");
		return this.prefix + bucket + "/" + key;
	}

	/**
	 * Returns the interval between two refreshes.
	 * @return the interval
	 */
	public Duration refreshInterval() {
		return this.refreshInterval;
	}

	/**
	 * Stops refreshing; lookups keep answering from the last limits read.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/** Refreshes on schedule; nothing thrown may end the schedule. */
	private void scheduledRefresh() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.warn("Per-key limit refresh failed", ex);
		}
	}

	/** Tells the listener; a listener that throws is logged, never allowed to fail a lookup or a refresh. */
	private void tell(Runnable event) {
		try {
			event.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Per-key limit listener failed", ex);
		}
	}

	private Map<String, Map<String, Limit>> current() {
		Map<String, Map<String, Limit>> limits = this.limits;
		if (limits == null) {
			this.refreshLock.lock();
			try {
				if (this.limits == null) {
					refresh();
				}
			}
			finally {
				this.refreshLock.unlock();
			}
			limits = this.limits;
		}
		return limits;
	}

	private Map<String, Map<String, Limit>> read(Map<String, Map<String, Limit>> known) {
		Map<String, Map<String, Limit>> read = new LinkedHashMap<>();
		ListOptions options = ListOptions.defaults();
		Page page;
		do {
			page = this.store.list(this.prefix, options);
			for (KVPair pair : page.items()) {
				String name = pair.key().substring(this.prefix.length());
				int slash = name.indexOf('/');
				String bucket = (slash > 0) ? name.substring(0, slash) : null;
				String key = (slash > 0) ? name.substring(slash + 1) : null;
				Limit limit = parse(pair, bucket, key, known);
				if (limit != null) {
					read.computeIfAbsent(bucket, (b) -> new LinkedHashMap<>()).put(key, limit);
				}
			}
			options = options.withCursor(page.cursor());
		}
		while (page.hasMore());
		Map<String, Map<String, Limit>> frozen = new LinkedHashMap<>();
		read.forEach((bucket, byKey) -> frozen.put(bucket, Collections.unmodifiableMap(byKey)));
		return Collections.unmodifiableMap(frozen);
	}

	/** Parses one pair, or falls back to the key's last known limit if the pair is not a valid limit. */
	private Limit parse(KVPair pair, String bucket, String key, Map<String, Map<String, Limit>> known) {
		try {
			if (bucket == null) {
				throw new InvalidLimitException("key", "store key must be <prefix><bucket>/<key>: " + pair.key());
			}
			return Limit.parse(new String(pair.value(), StandardCharsets.UTF_8));
		}
		catch (InvalidLimitException ex) {
			logger.warn("Ignoring the per-key limit in '{}': {}", pair.key(), ex.getMessage());
			tell(() -> this.listener.onInvalidLimit(pair.key(), ex));
			return (bucket != null) ? known.getOrDefault(bucket, Map.of()).get(key) : null;
		}
	}

	/**
	 * Told how each refresh ended, for metrics or alerts. Called on the refreshing thread.
	 */
	public interface Listener {

		/** A listener that does nothing. */
		Listener NONE = new Listener() {
		};

		/**
		 * Called after the limits were read.
		 * @param limits how many per-key limits are now known
		 */
		default void onRefreshed(int limits) {
		}

		/**
		 * Called when a refresh failed; the last known limits are kept.
		 * @param error why it failed
		 */
		default void onRefreshFailed(RuntimeException error) {
		}

		/**
		 * Called when a pair under the prefix is not a valid limit; the key keeps its last known limit.
		 * @param storeKey the pair's key
		 * @param error what is wrong with it
		 */
		default void onInvalidLimit(String storeKey, InvalidLimitException error) {
		}

	}

	/**
	 * Builds a {@link KeyValueStoreLimitResolver}.
	 */
	public static final class Builder {

		private final KeyValueStore store;

		private String prefix = DEFAULT_PREFIX;

		private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

		private Listener listener = Listener.NONE;

		private Builder(KeyValueStore store) {
			this.store = Objects.requireNonNull(store, "store must not be null");
		}

		/**
		 * Sets the prefix of the store keys that hold limits.
		 * @param prefix the prefix, not empty
		 * @return this builder
		 */
		public Builder prefix(String prefix) {
			if (prefix == null || prefix.isEmpty()) {
				throw new IllegalArgumentException("prefix must not be empty");
			}
			this.prefix = prefix;
			return this;
		}

		/**
		 * Sets how often the limits are read again: a changed limit takes effect within this interval.
		 * @param refreshInterval the interval, from one millisecond to one day
		 * @return this builder
		 */
		public Builder refreshInterval(Duration refreshInterval) {
			if (refreshInterval == null || refreshInterval.compareTo(Duration.ofMillis(1)) < 0
					|| refreshInterval.compareTo(Duration.ofDays(1)) > 0) {
				throw new IllegalArgumentException(
						"refreshInterval must be from 1ms to one day: " + refreshInterval);
			}
			this.refreshInterval = refreshInterval;
			return this;
		}

		/**
		 * Sets the listener told how each refresh ended.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(Listener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		/**
		 * Builds the resolver and starts its refreshes, on a daemon thread; {@link #close()} stops them. It reads
		 * the store on first lookup, or on {@link KeyValueStoreLimitResolver#refresh()}.
		 * @return the resolver
		 */
		public KeyValueStoreLimitResolver build() {
			return new KeyValueStoreLimitResolver(this);
		}

	}

}
