package io.github.leakybucket.kv;

/**
 * Turns typed values into the bytes a {@link KeyValueStore} stores, and back.
 *
 * @see JsonValueCodec
 */
public interface ValueCodec {

	/**
	 * Encodes a value.
	 * @param value the value, not {@code null}
	 * @return its bytes
	 */
	byte[] encode(Object value);

	/**
	 * Decodes a value.
	 * @param <T> the type
	 * @param bytes the stored bytes
	 * @param type the type to decode to
	 * @return the value
	 */
	<T> T decode(byte[] bytes, Class<T> type);

}
