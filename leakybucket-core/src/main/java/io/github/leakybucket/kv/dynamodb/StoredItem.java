package io.github.leakybucket.kv.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KVPair;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout of a pair, shared with {@code dynastore}: hash key {@code id} (the partition), range key
 * {@code name} (the key), {@code version} (N), {@code expires} (N, epoch seconds, the TTL attribute) and
 * {@code payload} (B).
 */
final class StoredItem {

	static final String PARTITION = TableLayout.KEY_VALUE.hashKey();

	static final String KEY = TableLayout.KEY_VALUE.rangeKey();

	static final String EXPIRES = TableLayout.KEY_VALUE.ttlAttribute();

	static final String VERSION = "version";

	static final String PAYLOAD = "payload";

	private static final byte[] EMPTY = new byte[0];

	private StoredItem() {
	}

	static Map<String, AttributeValue> key(String partition, String key) {
		return Map.of(PARTITION, AttributeValue.fromS(partition), KEY, AttributeValue.fromS(key));
	}

	/**
	 * Returns the epoch second a pair written now with the TTL expires at, rounded up so that it lives at least
	 * the TTL.
	 */
	static long expiresAt(Instant now, Duration ttl) {
		Instant expiry = now.plus(ttl);
		return (expiry.getNano() > 0) ? expiry.getEpochSecond() + 1 : expiry.getEpochSecond();
	}

	/**
	 * Returns whether an item has expired: its {@code expires} is at or before the current second. TTL deletion
	 * removes such items only eventually, so every read checks.
	 */
	static boolean isExpired(Map<String, AttributeValue> item, long nowEpochSecond) {
		AttributeValue expires = item.get(EXPIRES);
		return expires != null && expires.n() != null && Long.parseLong(expires.n()) <= nowEpochSecond;
	}

	static KVPair toPair(Map<String, AttributeValue> item) {
		AttributeValue version = item.get(VERSION);
		AttributeValue expires = item.get(EXPIRES);
		return new KVPair(item.get(KEY).s(), payload(item.get(PAYLOAD)),
				(version != null && version.n() != null) ? Long.parseLong(version.n()) : 0,
				(expires != null && expires.n() != null) ? Instant.ofEpochSecond(Long.parseLong(expires.n())) : null);
	}

	private static byte[] payload(AttributeValue payload) {
		if (payload == null) {
			return EMPTY;
		}
		if (payload.b() != null) {
			return payload.b().asByteArrayUnsafe();
		}
		return (payload.s() != null) ? SdkBytes.fromUtf8String(payload.s()).asByteArrayUnsafe() : EMPTY;
	}

}
