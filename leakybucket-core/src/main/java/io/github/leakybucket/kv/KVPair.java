package io.github.leakybucket.kv;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored key/value pair, as read at one moment. Immutable: the value is copied in and out.
 *
 * @param key the key, within its partition
 * @param value the value's bytes
 * @param version the version, 1 for a new key and one more on every write
 * @param expiresAt when the pair expires, or {@code null} if it does not
 */
public record KVPair(String key, byte[] value, long version, Instant expiresAt) {

	/**
	 * Creates a pair, copying the value.
	 * @param key the key, within its partition
	 * @param value the value's bytes
	 * @param version the version, not negative
	 * @param expiresAt when the pair expires, or {@code null} if it does not
	 */
	public KVPair {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(value, "value must not be null");
		if (version < 0) {
			throw new IllegalArgumentException("version must not be negative, was " + version);
		}
		value = value.clone();
	}

	/**
	 * Returns a copy of the value's bytes.
	 * @return the value
	 */
	@Override
	public byte[] value() {
		return this.value.clone();
	}

	/**
	 * Returns the value decoded as UTF-8.
	 * @return the value as a string
	 */
	public String valueAsString() {
		return new String(this.value, StandardCharsets.UTF_8);
	}

	/**
	 * Returns whether the pair has an expiry time.
	 * @return {@code true} if {@link #expiresAt()} is not {@code null}
	 */
	public boolean hasExpiry() {
		return this.expiresAt != null;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof KVPair that) && this.key.equals(that.key) && Arrays.equals(this.value, that.value)
				&& this.version == that.version && Objects.equals(this.expiresAt, that.expiresAt);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.key, Arrays.hashCode(this.value), this.version, this.expiresAt);
	}

	@Override
	public String toString() {
		return "KVPair[key=" + this.key + ", value=" + this.value.length + " bytes, version=" + this.version
				+ ", expiresAt=" + this.expiresAt + "]";
	}

}
