package io.github.leakybucket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The storage name of a bucket: its name, or {@code name#key} for one key of a per-key family.
 * <p>
 * Keys of any length work: a key that would take the name over DynamoDB's 2048-byte partition key limit, or that
 * starts with {@value #HASHED_PREFIX}, is replaced by {@value #HASHED_PREFIX} and the base64url SHA-256 of the key,
 * so a raw key can never collide with a hashed one.
 */
public final class BucketItemName {

	/** Longest bucket name, in UTF-8 bytes, leaving room for a hashed key in DynamoDB's partition key. */
	public static final int MAX_NAME_BYTES = 1024;

	static final int MAX_ITEM_NAME_BYTES = 2048;

	static final String HASHED_PREFIX = "sha256:";

	private BucketItemName() {
	}

	/**
	 * Checks a bucket name.
	 * @param name the bucket name
	 * @throws IllegalArgumentException if the name is empty, longer than {@value #MAX_NAME_BYTES} UTF-8 bytes, or
	 * contains {@code #}
	 */
	public static void checkName(String name) {
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("name must not be empty");
		}
		int bytes = name.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_NAME_BYTES) {
			throw new IllegalArgumentException(
					"name must be at most " + MAX_NAME_BYTES + " bytes in UTF-8, but is " + bytes + " bytes");
		}
		if (name.indexOf('#') >= 0) {
			throw new IllegalArgumentException("name must not contain '#', which separates name and key: " + name);
		}
	}

	/**
	 * Returns the storage name of a bucket, checking the name.
	 * @param name the bucket name
	 * @param key the key, or {@code null}
	 * @return the name to store the bucket under
	 */
	public static String of(String name, String key) {
		checkName(name);
		if (key == null) {
			return name;
		}
		String plain = name + "#" + key;
		if (!key.startsWith(HASHED_PREFIX) && plain.getBytes(StandardCharsets.UTF_8).length <= MAX_ITEM_NAME_BYTES) {
			return plain;
		}
		return name + "#" + HASHED_PREFIX + sha256(key);
	}

	private static String sha256(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
