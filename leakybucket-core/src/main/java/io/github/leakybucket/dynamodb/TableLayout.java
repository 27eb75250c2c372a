package io.github.leakybucket.dynamodb;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Key schema and TTL attribute of the tables this library uses.
 */
public enum TableLayout {

	/**
	 * Bucket table: hash key {@code name} (S), TTL attribute {@code _ttl}. The same as Clever's {@code leakybucket}
	 * DynamoDB backend, so its CloudFormation table works unchanged.
	 */
	BUCKETS("name", null, "_ttl"),

	/**
	 * Key/value table: hash key {@code id} (S) holding the partition, range key {@code name} (S) holding the key,
	 * TTL attribute {@code expires}. The same as wolfeidau's {@code dynastore}, so both can share a table.
	 */
	KEY_VALUE("id", "name", "expires");

	private final String hashKey;

	private final String rangeKey;

	private final String ttlAttribute;

	TableLayout(String hashKey, String rangeKey, String ttlAttribute) {
		this.hashKey = hashKey;
		this.rangeKey = rangeKey;
		this.ttlAttribute = ttlAttribute;
	}

	/**
	 * Returns the hash key attribute, of type string.
	 * @return the hash key attribute name
	 */
	public String hashKey() {
		return this.hashKey;
	}

	/**
	 * Returns the range key attribute, of type string, or {@code null} if the table has none.
	 * @return the range key attribute name or {@code null}
	 */
	public String rangeKey() {
		return this.rangeKey;
	}

	/**
	 * Returns the attribute that DynamoDB's time to live is enabled on.
	 * @return the TTL attribute name
	 */
	public String ttlAttribute() {
		return this.ttlAttribute;
	}

	List<KeySchemaElement> keySchema() {
		KeySchemaElement hash = KeySchemaElement.builder().attributeName(this.hashKey).keyType(KeyType.HASH).build();
		if (this.rangeKey == null) {
			return List.of(hash);
		}
		return List.of(hash,
				KeySchemaElement.builder().attributeName(this.rangeKey).keyType(KeyType.RANGE).build());
	}

	/**
	 * Describes the expected schema in words, for error messages.
	 * @return for example {@code hash key 'name' (S), TTL on '_ttl'}
	 */
	public String describe() {
		String keys = "hash key '" + this.hashKey + "' (S)"
				+ ((this.rangeKey != null) ? ", range key '" + this.rangeKey + "' (S)" : "");
		return keys + ", TTL on '" + this.ttlAttribute + "'";
	}

}
