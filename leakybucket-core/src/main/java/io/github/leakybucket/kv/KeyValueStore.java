package io.github.leakybucket.kv;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A key/value store for sharing and coordinating state between processes, in the manner of wolfeidau's
 * {@code dynastore}.
 * <p>
 * Keys live in a partition; {@link #partition(String)} returns a store scoped to another one. Every pair has a
 * version, 1 when its key is new and one more on every write, which {@link #atomicPut(String, byte[], KVPair)} and
 * {@link #atomicDelete(String, KVPair)} compare. A pair written with a {@link PutOptions#ttl(java.time.Duration) TTL}
 * becomes invisible when it expires, to every read, even while the storage has not yet removed it, and a create can
 * then take its key.
 * <p>
 * Reads are strongly consistent unless {@link ReadOptions#eventuallyConsistent()} says otherwise. Invalid input (an
 * empty or too long key, a value too large for the storage, a malformed cursor) throws
 * {@link IllegalArgumentException} naming the limit, before anything is sent.
 */
public interface KeyValueStore {

	/**
	 * Writes a value without expiry, removing any earlier expiry.
	 * @param key the key
	 * @param value the value
	 */
	default void put(String key, byte[] value) {
		put(key, value, PutOptions.none());
	}

	/**
	 * Writes a value, whether or not the key exists.
	 * @param key the key
	 * @param value the value
	 * @param options the options, such as a TTL
	 */
	void put(String key, byte[] value, PutOptions options);

	/**
	 * Writes a string as UTF-8, without expiry.
	 * @param key the key
	 * @param value the value
	 */
	default void put(String key, String value) {
		put(key, value, PutOptions.none());
	}

	/**
	 * Writes a string as UTF-8.
	 * @param key the key
	 * @param value the value
	 * @param options the options, such as a TTL
	 */
	default void put(String key, String value, PutOptions options) {
		put(key, value.getBytes(StandardCharsets.UTF_8), options);
	}

	/**
	 * Writes a typed value through the store's {@link ValueCodec} (JSON when Jackson is present), without expiry.
	 * @param key the key
	 * @param value the value; a {@code String} or {@code byte[]} is stored as it is
	 * @throws IllegalStateException if the store has no codec
	 */
	default void put(String key, Object value) {
		put(key, value, PutOptions.none());
	}

	/**
	 * Writes a typed value through the store's {@link ValueCodec} (JSON when Jackson is present).
	 * @param key the key
	 * @param value the value; a {@code String} or {@code byte[]} is stored as it is
	 * @param options the options, such as a TTL
	 * @throws IllegalStateException if the store has no codec
	 */
	void put(String key, Object value, PutOptions options);

	/**
	 * Reads a pair, strongly consistently.
	 * @param key the key
	 * @return the pair, or empty if the key does not exist or has expired
	 */
	default Optional<KVPair> get(String key) {
		return get(key, ReadOptions.stronglyConsistent());
	}

	/**
	 * Reads a pair.
	 * @param key the key
	 * @param options the options, such as consistency
	 * @return the pair, or empty if the key does not exist or has expired
	 */
	Optional<KVPair> get(String key, ReadOptions options);

	/**
	 * Reads a typed value through the store's {@link ValueCodec}, strongly consistently.
	 * @param <T> the type
	 * @param key the key
	 * @param type the type; {@code String} and {@code byte[]} are returned as stored
	 * @return the value, or empty if the key does not exist or has expired
	 * @throws IllegalStateException if the store has no codec
	 */
	default <T> Optional<T> get(String key, Class<T> type) {
		return get(key, type, ReadOptions.stronglyConsistent());
	}

	/**
	 * Reads a typed value through the store's {@link ValueCodec}.
	 * @param <T> the type
	 * @param key the key
	 * @param type the type; {@code String} and {@code byte[]} are returned as stored
	 * @param options the options, such as consistency
	 * @return the value, or empty if the key does not exist or has expired
	 * @throws IllegalStateException if the store has no codec
	 */
	<T> Optional<T> get(String key, Class<T> type, ReadOptions options);

	/**
	 * Returns whether a key exists and has not expired, strongly consistently.
	 * @param key the key
	 * @return {@code true} if {@link #get(String)} would return a pair
	 */
	default boolean exists(String key) {
		return exists(key, ReadOptions.stronglyConsistent());
	}

	/**
	 * Returns whether a key exists and has not expired.
	 * @param key the key
	 * @param options the options, such as consistency
	 * @return {@code true} if {@link #get(String, ReadOptions)} would return a pair
	 */
	boolean exists(String key, ReadOptions options);

	/**
	 * Deletes a key, if it exists.
	 * @param key the key
	 */
	void delete(String key);

	/**
	 * Lists the pairs whose keys start with a prefix, first page, ascending, strongly consistently.
	 * @param prefix the prefix, possibly empty for the whole partition
	 * @return the first page
	 */
	default Page list(String prefix) {
		return list(prefix, ListOptions.defaults());
	}

	/**
	 * Lists one page of the pairs whose keys start with a prefix. Expired pairs are never returned, which can make
	 * a page shorter than the limit, or empty, while more follow; see {@link Page}.
	 * @param prefix the prefix, possibly empty for the whole partition
	 * @param options limit, cursor, order and consistency
	 * @return the page
	 * @throws IllegalArgumentException if the cursor is malformed or was issued for another prefix or order
	 */
	Page list(String prefix, ListOptions options);

	/**
	 * Creates a key, or swaps its value if it still has the previous version, without expiry.
	 * @param key the key
	 * @param value the new value
	 * @param previous the pair read before, or {@code null} to create the key
	 * @return the pair written, with its new version
	 * @throws KeyExistsException if {@code previous} is {@code null} and the key exists
	 * @throws KeyModifiedException if the key no longer has the previous pair's version, or was deleted or expired
	 */
	default KVPair atomicPut(String key, byte[] value, KVPair previous) {
		return atomicPut(key, value, previous, PutOptions.none());
	}

	/**
	 * Creates a key, or swaps its value if it still has the previous version. A create also succeeds over an
	 * expired pair that the storage has not removed yet.
	 * @param key the key
	 * @param value the new value
	 * @param previous the pair read before, or {@code null} to create the key
	 * @param options the options, such as a TTL
	 * @return the pair written, with its new version
	 * @throws KeyExistsException if {@code previous} is {@code null} and the key exists
	 * @throws KeyModifiedException if the key no longer has the previous pair's version, or was deleted or expired
	 */
	KVPair atomicPut(String key, byte[] value, KVPair previous, PutOptions options);

	/**
	 * Creates a key or swaps its string value, as UTF-8, without expiry.
	 * @param key the key
	 * @param value the new value
	 * @param previous the pair read before, or {@code null} to create the key
	 * @return the pair written, with its new version
	 * @throws KeyExistsException if {@code previous} is {@code null} and the key exists
	 * @throws KeyModifiedException if the key no longer has the previous pair's version
	 */
	default KVPair atomicPut(String key, String value, KVPair previous) {
		return atomicPut(key, value.getBytes(StandardCharsets.UTF_8), previous, PutOptions.none());
	}

	/**
	 * Writes a value only if the token is not older than the newest token recorded on the key, and records the
	 * token: a holder whose lease was taken over cannot overwrite what a newer holder wrote. A key that has no
	 * token yet accepts any. The pair has no expiry, so that its token is never forgotten; for the same reason,
	 * do not delete or overwrite a fenced key without a token.
	 * @param key the key
	 * @param value the value
	 * @param token the writer's fencing token
	 * @throws StaleTokenException if the key has recorded a newer token of the same lease
	 * @throws IllegalArgumentException if the key has recorded a token of another lease name; nothing is written
	 */
	void putFenced(String key, byte[] value, FencingToken token);

	/**
	 * Writes a string as UTF-8 if the token is current; see {@link #putFenced(String, byte[], FencingToken)}.
	 * @param key the key
	 * @param value the value
	 * @param token the writer's fencing token
	 * @throws StaleTokenException if the key has recorded a newer token of the same lease
	 * @throws IllegalArgumentException if the key has recorded a token of another lease name
	 */
	default void putFenced(String key, String value, FencingToken token) {
		putFenced(key, value.getBytes(StandardCharsets.UTF_8), token);
	}

	/**
	 * Creates a key, or swaps its value if it still has the previous version, and only if the token is not older
	 * than the newest token recorded on the key; records the token. See
	 * {@link #putFenced(String, byte[], FencingToken)}.
	 * @param key the key
	 * @param value the new value
	 * @param previous the pair read before, or {@code null} to create the key
	 * @param token the writer's fencing token
	 * @return the pair written, with its new version
	 * @throws StaleTokenException if the key has recorded a newer token of the same lease (checked first)
	 * @throws KeyExistsException if {@code previous} is {@code null} and the key exists
	 * @throws KeyModifiedException if the key no longer has the previous pair's version
	 * @throws IllegalArgumentException if the key has recorded a token of another lease name
	 */
	KVPair atomicPutFenced(String key, byte[] value, KVPair previous, FencingToken token);

	/**
	 * Returns the newest fencing token recorded on a key by a fenced write.
	 * @param key the key
	 * @return the token, or empty if the key does not exist or was never written with a token
	 */
	Optional<FencingToken> fence(String key);

	/**
	 * Deletes a key if it still has the previous pair's version.
	 * @param key the key
	 * @param previous the pair read before; {@code null} claims the key does not exist, which deletes nothing
	 * @return {@code true} if a pair was deleted, {@code false} if the key did not exist or had expired
	 * @throws KeyModifiedException if the key exists with another version (or exists at all, when
	 * {@code previous} is {@code null})
	 */
	boolean atomicDelete(String key, KVPair previous);

	/**
	 * Reads many keys, strongly consistently.
	 * @param keys the keys; duplicates are read once
	 * @return the pairs found and not expired, by key, in the order of {@code keys}
	 * @throws BatchIncompleteException if the storage left keys unread after the last retry
	 */
	default Map<String, KVPair> getAll(Collection<String> keys) {
		return getAll(keys, ReadOptions.stronglyConsistent());
	}

	/**
	 * Reads many keys.
	 * @param keys the keys; duplicates are read once
	 * @param options the options, such as consistency
	 * @return the pairs found and not expired, by key, in the order of {@code keys}
	 * @throws BatchIncompleteException if the storage left keys unread after the last retry
	 */
	Map<String, KVPair> getAll(Collection<String> keys, ReadOptions options);

	/**
	 * Writes many values without expiry. See {@link #putAll(Map, PutOptions)}.
	 * @param values the values by key
	 * @throws BatchIncompleteException if the storage left keys unwritten after the last retry
	 */
	default void putAll(Map<String, byte[]> values) {
		putAll(values, PutOptions.none());
	}

	/**
	 * Writes many values as blind overwrites. Not atomic: if it throws, some values may be written. Unlike
	 * {@link #put(String, byte[], PutOptions) put}, it does not increment versions: every pair it writes has version
	 * 1, so do not mix it with {@code atomicPut} on the same keys.
	 * @param values the values by key
	 * @param options the options, such as a TTL
	 * @throws BatchIncompleteException if the storage left keys unwritten after the last retry
	 */
	void putAll(Map<String, byte[]> values, PutOptions options);

	/**
	 * Deletes every key that starts with a prefix, expired ones included. Not atomic: keys written meanwhile may
	 * survive, and if it throws, some keys may be deleted.
	 * @param prefix the prefix; empty deletes the whole partition
	 * @return how many pairs were deleted
	 * @throws BatchIncompleteException if the storage left keys undeleted after the last retry
	 */
	long deletePrefix(String prefix);

	/**
	 * Returns the partition this store reads and writes.
	 * @return the partition name
	 */
	String partitionName();

	/**
	 * Returns a store scoped to another partition, with the same settings. Keys in different partitions are
	 * independent.
	 * @param name the partition name
	 * @return the scoped store
	 * @throws IllegalArgumentException if the name is empty or too long
	 */
	KeyValueStore partition(String name);

}
