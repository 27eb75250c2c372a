package io.github.leakybucket.kv.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.KVPair;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout of a pair, shared with {@code dynastore}: hash key {@code id} (the partition), range key
 * {@code name} (the key), {@code version} (N), {@code expires} (N, epoch seconds, the TTL attribute) and
 * {@code payload} (B); a fenced write adds {@code fence} (N, the token) and {@code fenceLease} (S, its lease name).
 */
final class StoredItem {

	static final String PARTITION = TableLayout.KEY_VALUE.hashKey();

	static final String KEY = TableLayout.KEY_VALUE.rangeKey();

	static final String EXPIRES = TableLayout.KEY_VALUE.ttlAttribute();

	static final String VERSION = "version";

	static final String PAYLOAD = "payload";

	static final String FENCE = "fence";

	static final String FENCE_LEASE = "fenceLease";

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

	/** Returns the token recorded by the last fenced write, if any. */
	static Optional<FencingToken> fence(Map<String, AttributeValue> item) {
		AttributeValue fence = (item != null) ? item.get(FENCE) : null;
		AttributeValue lease = (item != null) ? item.get(FENCE_LEASE) : null;
		if (fence == null || fence.n() == null || lease == null || lease.s() == null) {
			return Optional.empty();
		}
		return Optional.of(new FencingToken(lease.s(), Long.parseLong(fence.n())));
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
