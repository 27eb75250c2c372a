package io.github.leakybucket.kv.dynamodb;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.leakybucket.kv.SortOrder;

/**
 * The opaque cursor of a listing: base64url, without padding, of the order's letter ({@code a} or {@code d})
 * followed by the UTF-8 of the last key read. The partition is not in it: a store always continues in its own, and a
 * cursor whose key does not start with the listed prefix is refused, so no cursor reads outside its listing.
 */
final class ListCursor {

	private ListCursor() {
	}

	static String encode(String lastKey, SortOrder order) {
		byte[] key = lastKey.getBytes(StandardCharsets.UTF_8);
		byte[] token = new byte[key.length + 1];
		token[0] = letter(order);
		System.arraycopy(key, 0, token, 1, key.length);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/**
	 * Returns the last key read, after checking that the cursor is well formed and belongs to the listing.
	 * @throws IllegalArgumentException naming the cursor parameter if not
	 */
	static String decode(String cursor, String prefix, SortOrder order) {
		if (cursor.isEmpty() || cursor.length() > 2 * InputLimits.MAX_KEY_BYTES) {
			throw malformed("its length must be 2 to " + 2 * InputLimits.MAX_KEY_BYTES + " characters");
		}
		byte[] token;
		try {
			token = Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("it is not base64url");
		}
		if (token.length < 2 || !cursor.equals(Base64.getUrlEncoder().withoutPadding().encodeToString(token))) {
			throw malformed("it is not a cursor this store issued");
		}
		if (token[0] != letter(SortOrder.ASCENDING) && token[0] != letter(SortOrder.DESCENDING)) {
			throw malformed("it is not a cursor this store issued");
		}
		if (token[0] != letter(order)) {
			throw malformed("it continues a listing in the other order, not " + order);
		}
		String key;
		try {
			key = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(token, 1, token.length - 1))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw malformed("it is not a cursor this store issued");
		}
		if (token.length - 1 > InputLimits.MAX_KEY_BYTES) {
			throw malformed("its key is over DynamoDB's limit of " + InputLimits.MAX_KEY_BYTES + " bytes");
		}
		if (!key.startsWith(prefix)) {
			throw malformed("it continues a listing of another prefix, not '" + prefix + "'");
		}
		return key;
	}

	private static byte letter(SortOrder order) {
		return (byte) ((order == SortOrder.ASCENDING) ? 'a' : 'd');
	}

	private static IllegalArgumentException malformed(String reason) {
		return new IllegalArgumentException("cursor is malformed: " + reason);
	}

}
