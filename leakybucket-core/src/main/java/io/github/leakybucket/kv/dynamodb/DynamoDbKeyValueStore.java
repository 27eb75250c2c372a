package io.github.leakybucket.kv.dynamodb;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.JsonValueCodec;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyExistsException;
import io.github.leakybucket.kv.KeyModifiedException;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.KeyValueStoreListener;
import io.github.leakybucket.kv.KeyValueStoreListener.Outcome;
import io.github.leakybucket.kv.ListOptions;
import io.github.leakybucket.kv.Page;
import io.github.leakybucket.kv.PutOptions;
import io.github.leakybucket.kv.ReadOptions;
import io.github.leakybucket.kv.StaleTokenException;
import io.github.leakybucket.kv.ValueCodec;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@link KeyValueStore} on a DynamoDB table of {@link io.github.leakybucket.dynamodb.TableLayout#KEY_VALUE
 * dynastore's layout}, so that Go services using {@code dynastore} can share the table.
 * <p>
 * Every single-key operation is one request: creates and swaps are conditional writes, never a read followed by a
 * write. Expiry is checked against the {@link Builder#clock(InstantSource) clock} on every read, and by the
 * conditions of creates and swaps, because DynamoDB's TTL deletes expired items only eventually. Versions never go
 * back while an item is stored: re-creating an expired key continues its version, so a pair read before it expired
 * cannot swap the new one. {@link #putAll(Map, PutOptions) putAll} is the exception; see there.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class DynamoDbKeyValueStore implements KeyValueStore {

	/** Partition of a store built without {@link Builder#defaultPartition(String)}. */
	public static final String DEFAULT_PARTITION = "default";

	private final Settings settings;

	private final String partition;

	private final ItemRequests requests;

	private DynamoDbKeyValueStore(Settings settings, String partition) {
		this.settings = settings;
		this.partition = partition;
		this.requests = new ItemRequests(settings.tableName, partition);
	}

	/**
	 * Returns a builder for a store on the given table, which must have the
	 * {@link io.github.leakybucket.dynamodb.TableLayout#KEY_VALUE key/value layout}.
	 * @param client the DynamoDB client
	 * @param tableName the table name
	 * @return the builder
	 */
	public static Builder builder(DynamoDbClient client, String tableName) {
		return new Builder(client, tableName);
	}

	@Override
	public void put(String key, byte[] value, PutOptions options) {
		observe("put", () -> {
			checkWrite(key, value, options);
			this.settings.client.updateItem(this.requests.put(key, value, expires(options)));
			return null;
		}, (result) -> Outcome.SUCCESS);
	}

	@Override
	public void put(String key, Object value, PutOptions options) {
		put(key, encode(value), options);
	}

	@Override
	public Optional<KVPair> get(String key, ReadOptions options) {
		return observe("get", () -> {
			InputLimits.key(key);
			GetItemResponse response = this.settings.client.getItem(this.requests.get(key, options.consistentRead()));
			return visible(response.item()).map(StoredItem::toPair);
		}, (pair) -> pair.isPresent() ? Outcome.SUCCESS : Outcome.NOT_FOUND);
	}

	@Override
	public <T> Optional<T> get(String key, Class<T> type, ReadOptions options) {
		Objects.requireNonNull(type, "type must not be null");
		return get(key, options).map((pair) -> decode(pair, type));
	}

	@Override
	public boolean exists(String key, ReadOptions options) {
		return observe("exists", () -> {
			InputLimits.key(key);
			GetItemResponse response = this.settings.client
				.getItem(this.requests.exists(key, options.consistentRead()));
			return visible(response.item()).isPresent();
		}, (exists) -> exists ? Outcome.SUCCESS : Outcome.NOT_FOUND);
	}

	@Override
	public void delete(String key) {
		observe("delete", () -> {
			InputLimits.key(key);
			this.settings.client.deleteItem(this.requests.delete(key));
			return null;
		}, (result) -> Outcome.SUCCESS);
	}

	@Override
	public Page list(String prefix, ListOptions options) {
		return observe("list", () -> {
			InputLimits.prefix(prefix);
			String after = (options.cursor() != null) ? ListCursor.decode(options.cursor(), prefix, options.order())
					: null;
			QueryResponse response = this.settings.client
				.query(this.requests.page(prefix, after, options, nowEpochSecond()));
			List<KVPair> items = new ArrayList<>(response.count());
			for (Map<String, AttributeValue> item : response.items()) {
				items.add(StoredItem.toPair(item));
			}
			String cursor = response.hasLastEvaluatedKey()
					? ListCursor.encode(response.lastEvaluatedKey().get(StoredItem.KEY).s(), options.order()) : null;
			return new Page(items, cursor);
		}, (page) -> Outcome.SUCCESS);
	}

	@Override
	public KVPair atomicPut(String key, byte[] value, KVPair previous, PutOptions options) {
		return observe("atomic-put", () -> {
			checkWrite(key, value, options);
			return (previous != null) ? swap(key, value, previous, options) : create(key, value, options);
		}, (pair) -> Outcome.SUCCESS);
	}

	private KVPair create(String key, byte[] value, PutOptions options) {
		Long expires = expires(options);
		UpdateItemResponse response;
		try {
			response = this.settings.client.updateItem(this.requests.create(key, value, expires, nowEpochSecond()));
		}
		catch (ConditionalCheckFailedException ex) {
			throw new KeyExistsException(key);
		}
		long version = Long.parseLong(response.attributes().get(StoredItem.VERSION).n());
		return new KVPair(key, value, version, instant(expires));
	}

	private KVPair swap(String key, byte[] value, KVPair previous, PutOptions options) {
		checkPrevious(key, previous);
		Long expires = expires(options);
		try {
			this.settings.client
				.updateItem(this.requests.swap(key, value, expires, previous.version(), nowEpochSecond()));
		}
		catch (ConditionalCheckFailedException ex) {
			throw new KeyModifiedException(key, previous.version(), current(ex).orElse(null));
		}
		return new KVPair(key, value, previous.version() + 1, instant(expires));
	}

	@Override
	public void putFenced(String key, byte[] value, FencingToken token) {
		observe("put-fenced", () -> {
			checkFencedWrite(key, value, token);
			try {
				this.settings.client.updateItem(this.requests.fencedPut(key, value, token));
			}
			catch (ConditionalCheckFailedException ex) {
				throw refusedToken(key, token, ex);
			}
			return null;
		}, (result) -> Outcome.SUCCESS);
	}

	@Override
	public KVPair atomicPutFenced(String key, byte[] value, KVPair previous, FencingToken token) {
		return observe("atomic-put-fenced", () -> {
			checkFencedWrite(key, value, token);
			if (previous != null) {
				checkPrevious(key, previous);
			}
			long now = nowEpochSecond();
			try {
				if (previous == null) {
					UpdateItemResponse response = this.settings.client
						.updateItem(this.requests.fencedCreate(key, value, token, now));
					return new KVPair(key, value, Long.parseLong(response.attributes().get(StoredItem.VERSION).n()),
							null);
				}
				this.settings.client.updateItem(this.requests.fencedSwap(key, value, token, previous.version(), now));
				return new KVPair(key, value, previous.version() + 1, null);
			}
			catch (ConditionalCheckFailedException ex) {
				RuntimeException refused = refusedToken(key, token, ex);
				if (refused instanceof StaleTokenException || refused instanceof IllegalArgumentException) {
					throw refused;
				}
				if (previous == null) {
					throw new KeyExistsException(key);
				}
				throw new KeyModifiedException(key, previous.version(), current(ex).orElse(null));
			}
		}, (pair) -> Outcome.SUCCESS);
	}

	@Override
	public Optional<FencingToken> fence(String key) {
		return observe("fence", () -> {
			InputLimits.key(key);
			return StoredItem.fence(this.settings.client.getItem(this.requests.fence(key)).item());
		}, (token) -> token.isPresent() ? Outcome.SUCCESS : Outcome.NOT_FOUND);
	}

	private void checkFencedWrite(String key, byte[] value, FencingToken token) {
		InputLimits.key(key);
		Objects.requireNonNull(value, "value must not be null");
		Objects.requireNonNull(token, "token must not be null");
		InputLimits.fencedItemSize(this.partition, key, value, token.lease());
	}

	/**
	 * Returns what a failed fenced write tells: a token of another lease, a newer token, or, when the token was
	 * not the cause, an {@link IllegalStateException} for {@code putFenced} and a marker for the other conditions
	 * of {@code atomicPutFenced}.
	 */
	private static RuntimeException refusedToken(String key, FencingToken token, ConditionalCheckFailedException ex) {
		Optional<FencingToken> recorded = ex.hasItem() ? StoredItem.fence(ex.item()) : Optional.empty();
		if (recorded.isPresent() && !recorded.get().lease().equals(token.lease())) {
			return new IllegalArgumentException("token is of lease '" + token.lease() + "', but key '" + key
					+ "' is fenced by lease '" + recorded.get().lease() + "'; nothing was written");
		}
		if (recorded.isPresent() && recorded.get().value() > token.value()) {
			return new StaleTokenException(key, token, recorded.get());
		}
		return new IllegalStateException("fenced write to key '" + key + "' failed its condition, but the key "
				+ "records token " + recorded.map(FencingToken::toString).orElse("none"));
	}

	@Override
	public boolean atomicDelete(String key, KVPair previous) {
		return observe("atomic-delete", () -> {
			InputLimits.key(key);
			if (previous != null) {
				checkPrevious(key, previous);
			}
			Long expected = (previous != null) ? previous.version() : null;
			try {
				this.settings.client.deleteItem(this.requests.conditionalDelete(key, expected, nowEpochSecond()));
			}
			catch (ConditionalCheckFailedException ex) {
				Optional<KVPair> current = current(ex);
				if (previous != null && current.isEmpty()) {
					return false;
				}
				throw new KeyModifiedException(key, (previous != null) ? previous.version() : 0, current.orElse(null));
			}
			// With no previous pair, the condition let through only a missing or expired item: nothing visible.
			return previous != null;
		}, (deleted) -> deleted ? Outcome.SUCCESS : Outcome.NOT_FOUND);
	}

	@Override
	public Map<String, KVPair> getAll(Collection<String> keys, ReadOptions options) {
		return observe("get-all", () -> {
			LinkedHashSet<String> unique = new LinkedHashSet<>(keys);
			List<Map<String, AttributeValue>> itemKeys = new ArrayList<>(unique.size());
			for (String key : unique) {
				itemKeys.add(this.requests.key(InputLimits.key(key)));
			}
			Map<String, KVPair> found = new HashMap<>();
			long now = nowEpochSecond();
			for (Map<String, AttributeValue> item : this.settings.batches.get(itemKeys, options.consistentRead())) {
				if (!StoredItem.isExpired(item, now)) {
					KVPair pair = StoredItem.toPair(item);
					found.put(pair.key(), pair);
				}
			}
			Map<String, KVPair> ordered = new LinkedHashMap<>();
			for (String key : unique) {
				KVPair pair = found.get(key);
				if (pair != null) {
					ordered.put(key, pair);
				}
			}
			return ordered;
		}, (pairs) -> Outcome.SUCCESS);
	}

	/**
	 * Writes many values with BatchWriteItem, 25 per call, retrying unprocessed ones. These are blind overwrites:
	 * BatchWriteItem can neither increment nor hold a condition, so every pair written gets version 1, whatever it
	 * had before. A pair read before may then match a later {@code atomicPut} or {@code atomicDelete} again. Use
	 * {@link #put(String, byte[], PutOptions) put} for keys that are swapped atomically.
	 */
	@Override
	public void putAll(Map<String, byte[]> values, PutOptions options) {
		observe("put-all", () -> {
			Long expires = expires(options);
			List<WriteRequest> writes = new ArrayList<>(values.size());
			for (Map.Entry<String, byte[]> entry : values.entrySet()) {
				checkWrite(entry.getKey(), entry.getValue(), options);
				writes.add(this.requests.overwrite(entry.getKey(), entry.getValue(), expires));
			}
			this.settings.batches.write("put-all", writes);
			return null;
		}, (result) -> Outcome.SUCCESS);
	}

	@Override
	public long deletePrefix(String prefix) {
		return observe("delete-prefix", () -> {
			InputLimits.prefix(prefix);
			long deleted = 0;
			Map<String, AttributeValue> startKey = null;
			do {
				QueryResponse response = this.settings.client.query(this.requests.keys(prefix, startKey));
				List<WriteRequest> deletes = new ArrayList<>(response.count());
				for (Map<String, AttributeValue> key : response.items()) {
					deletes.add(ItemRequests.delete(key));
				}
				this.settings.batches.write("delete-prefix", deletes);
				deleted += deletes.size();
				startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
			}
			while (startKey != null);
			return deleted;
		}, (deleted) -> Outcome.SUCCESS);
	}

	@Override
	public String partitionName() {
		return this.partition;
	}

	@Override
	public KeyValueStore partition(String name) {
		return new DynamoDbKeyValueStore(this.settings, InputLimits.partition(name));
	}

	private void checkWrite(String key, byte[] value, PutOptions options) {
		InputLimits.key(key);
		Objects.requireNonNull(value, "value must not be null");
		Objects.requireNonNull(options, "options must not be null");
		InputLimits.itemSize(this.partition, key, value, options.hasTtl());
	}

	private static void checkPrevious(String key, KVPair previous) {
		if (!previous.key().equals(key)) {
			throw new IllegalArgumentException(
					"previous pair is of key '" + previous.key() + "', not of key '" + key + "'");
		}
	}

	private Long expires(PutOptions options) {
		return options.hasTtl() ? StoredItem.expiresAt(this.settings.clock.instant(), options.ttl()) : null;
	}

	private static Instant instant(Long epochSecond) {
		return (epochSecond != null) ? Instant.ofEpochSecond(epochSecond) : null;
	}

	private Optional<Map<String, AttributeValue>> visible(Map<String, AttributeValue> item) {
		if (item == null || item.isEmpty() || StoredItem.isExpired(item, nowEpochSecond())) {
			return Optional.empty();
		}
		return Optional.of(item);
	}

	private Optional<KVPair> current(ConditionalCheckFailedException ex) {
		return ex.hasItem() ? visible(ex.item()).map(StoredItem::toPair) : Optional.empty();
	}

	private long nowEpochSecond() {
		return this.settings.clock.instant().getEpochSecond();
	}

	private byte[] encode(Object value) {
		Objects.requireNonNull(value, "value must not be null");
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		if (value instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8);
		}
		return codec().encode(value);
	}

	private <T> T decode(KVPair pair, Class<T> type) {
		if (type == byte[].class) {
			return type.cast(pair.value());
		}
		if (type == String.class) {
			return type.cast(pair.valueAsString());
		}
		return codec().decode(pair.value(), type);
	}

	private ValueCodec codec() {
		if (this.settings.codec == null) {
			throw new IllegalStateException(
					"No ValueCodec for typed values: put Jackson (tools.jackson.core:jackson-databind) on the class path "
							+ "or set one with DynamoDbKeyValueStore.Builder.codec(ValueCodec)");
		}
		return this.settings.codec;
	}

	private <T> T observe(String operation, Supplier<T> action, Function<T, Outcome> outcome) {
		long start = System.nanoTime();
		T result;
		try {
			result = action.get();
		}
		catch (KeyExistsException | KeyModifiedException | StaleTokenException ex) {
			report(operation, Outcome.CONFLICT, start);
			throw ex;
		}
		catch (RuntimeException ex) {
			report(operation, Outcome.ERROR, start);
			throw ex;
		}
		report(operation, outcome.apply(result), start);
		return result;
	}

	private void report(String operation, Outcome outcome, long start) {
		this.settings.listener.onOperation(operation, outcome, Duration.ofNanos(System.nanoTime() - start));
	}

	@Override
	public String toString() {
		return "DynamoDbKeyValueStore[table=" + this.settings.tableName + ", partition=" + this.partition + "]";
	}

	private record Settings(DynamoDbClient client, String tableName, InstantSource clock, ValueCodec codec,
			KeyValueStoreListener listener, BatchRequests batches) {
	}

	/**
	 * Builds a {@link DynamoDbKeyValueStore}.
	 */
	public static final class Builder {

		private static final boolean JACKSON_PRESENT = isPresent("tools.jackson.databind.json.JsonMapper");

		private final DynamoDbClient client;

		private final String tableName;

		private String defaultPartition = DEFAULT_PARTITION;

		private InstantSource clock = InstantSource.system();

		private ValueCodec codec;

		private boolean codecSet;

		private KeyValueStoreListener listener = KeyValueStoreListener.NONE;

		private BatchRetryPolicy batchRetry = BatchRetryPolicy.defaults();

		private Builder(DynamoDbClient client, String tableName) {
			this.client = Objects.requireNonNull(client, "client must not be null");
			Objects.requireNonNull(tableName, "tableName must not be null");
			if (tableName.length() < 3 || tableName.length() > 255) {
				throw new IllegalArgumentException(
						"tableName must be 3 to 255 characters, was '" + tableName + "' (" + tableName.length() + ")");
			}
			this.tableName = tableName;
		}

		/**
		 * Sets the partition the built store uses; {@link KeyValueStore#partition(String)} reaches others.
		 * @param partition the partition name, at most 2048 bytes in UTF-8
		 * @return this builder
		 */
		public Builder defaultPartition(String partition) {
			this.defaultPartition = InputLimits.partition(partition);
			return this;
		}

		/**
		 * Sets the source of the current time, which expiry is computed and checked against.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(InstantSource clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the codec of typed values, replacing the JSON codec used when Jackson is present.
		 * @param codec the codec, or {@code null} for none
		 * @return this builder
		 */
		public Builder codec(ValueCodec codec) {
			this.codec = codec;
			this.codecSet = true;
			return this;
		}

		/**
		 * Sets the listener told about every operation.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(KeyValueStoreListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		/**
		 * Sets how bulk operations retry unprocessed keys.
		 * @param batchRetry the retry policy
		 * @return this builder
		 */
		public Builder batchRetry(BatchRetryPolicy batchRetry) {
			this.batchRetry = Objects.requireNonNull(batchRetry, "batchRetry must not be null");
			return this;
		}

		/**
		 * Builds the store. Makes no request; the table is expected to exist.
		 * @return the store
		 */
		public DynamoDbKeyValueStore build() {
			ValueCodec resolved = this.codecSet ? this.codec : (JACKSON_PRESENT ? JsonCodec.create() : null);
			Settings settings = new Settings(this.client, this.tableName, this.clock, resolved, this.listener,
					new BatchRequests(this.client, this.tableName, this.batchRetry));
			return new DynamoDbKeyValueStore(settings, this.defaultPartition);
		}

		private static boolean isPresent(String className) {
			try {
				Class.forName(className, false, Builder.class.getClassLoader());
				return true;
			}
			catch (ClassNotFoundException | LinkageError ex) {
				return false;
			}
		}

	}

	/**
	 * Holds the only reference to Jackson, so that it is loaded only when Jackson is present.
	 */
	private static final class JsonCodec {

		static ValueCodec create() {
			return new JsonValueCodec();
		}

	}

}
