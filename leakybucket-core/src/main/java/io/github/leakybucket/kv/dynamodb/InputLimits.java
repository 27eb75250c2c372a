package io.github.leakybucket.kv.dynamodb;

import java.util.Objects;

/**
 * DynamoDB's limits on keys and items, checked before any request so that bad input writes nothing.
 */
final class InputLimits {

	/** DynamoDB's limit on a range key value, in UTF-8 bytes. */
	static final int MAX_KEY_BYTES = 1024;

	/** DynamoDB's limit on a hash key value, in UTF-8 bytes. */
	static final int MAX_PARTITION_BYTES = 2048;

	/** DynamoDB's limit on an item, attribute names and values together: 400 KB. */
	static final int MAX_ITEM_BYTES = 400 * 1024;

	/** Upper bound of the size of a DynamoDB number: 38 significant digits at two per byte, plus one. */
	private static final int MAX_NUMBER_BYTES = 21;

	private InputLimits() {
	}

	static String key(String key) {
		return checked("key", key, MAX_KEY_BYTES, false);
	}

	static String prefix(String prefix) {
		return checked("prefix", prefix, MAX_KEY_BYTES, true);
	}

	static String partition(String partition) {
		return checked("partition", partition, MAX_PARTITION_BYTES, false);
	}

	/**
	 * Checks that an item holding the value fits DynamoDB's item limit, counting every attribute name and value
	 * the store writes, with numbers at their largest.
	 */
	static void itemSize(String partition, String key, byte[] value, boolean withExpiry) {
		long size = StoredItem.PARTITION.length() + utf8Length(partition) + StoredItem.KEY.length() + utf8Length(key)
				+ StoredItem.VERSION.length() + MAX_NUMBER_BYTES + StoredItem.PAYLOAD.length() + value.length;
		if (withExpiry) {
			size += StoredItem.EXPIRES.length() + MAX_NUMBER_BYTES;
		}
		if (size > MAX_ITEM_BYTES) {
			throw new IllegalArgumentException("value of key '" + abbreviate(key) + "' is " + value.length
					+ " bytes, which makes an item of " + size + " bytes, over DynamoDB's item limit of "
					+ MAX_ITEM_BYTES + " bytes (400 KB)");
		}
	}

	/** Checks that a fenced item fits, counting its token and lease name as well. */
	static void fencedItemSize(String partition, String key, byte[] value, String lease) {
		int fence = StoredItem.FENCE.length() + MAX_NUMBER_BYTES + StoredItem.FENCE_LEASE.length() + utf8Length(lease);
		if (maxValueBytes(partition, key, false) - fence < value.length) {
			throw new IllegalArgumentException("value of key '" + abbreviate(key) + "' is " + value.length
					+ " bytes, which with its fencing token makes an item over DynamoDB's item limit of "
					+ MAX_ITEM_BYTES + " bytes (400 KB)");
		}
	}

	/**
	 * Returns the largest value the key's item can hold, for tests and error messages.
	 */
	static int maxValueBytes(String partition, String key, boolean withExpiry) {
		int overhead = StoredItem.PARTITION.length() + utf8Length(partition) + StoredItem.KEY.length()
				+ utf8Length(key) + StoredItem.VERSION.length() + MAX_NUMBER_BYTES + StoredItem.PAYLOAD.length();
		return MAX_ITEM_BYTES - overhead - (withExpiry ? StoredItem.EXPIRES.length() + MAX_NUMBER_BYTES : 0);
	}

	private static String checked(String name, String value, int maxBytes, boolean emptyAllowed) {
		Objects.requireNonNull(value, () -> name + " must not be null");
		if (!emptyAllowed && value.isEmpty()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
		int length = utf8Length(value);
		if (length > maxBytes) {
			throw new IllegalArgumentException(name + " '" + abbreviate(value) + "' is " + length
					+ " bytes in UTF-8, over DynamoDB's limit of " + maxBytes + " bytes");
		}
		return value;
	}

	static int utf8Length(String value) {
		int length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	private static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

}
