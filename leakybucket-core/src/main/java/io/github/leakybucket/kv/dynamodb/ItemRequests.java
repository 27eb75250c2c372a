package io.github.leakybucket.kv.dynamodb;

import java.util.HashMap;
import java.util.Map;

import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.ListOptions;
import io.github.leakybucket.kv.SortOrder;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Builds the DynamoDB requests of one partition of a table. Expiry is passed in as epoch seconds ({@code null} for
 * none) and the current time as the epoch second, so that conditions and filters see expired items as the reads do.
 */
final class ItemRequests {

	private static final String NOT_EXPIRED = "attribute_not_exists(#expires) OR #expires > :now";

	private static final String ABSENT_OR_EXPIRED = "attribute_not_exists(#name) OR #expires <= :now";

	private static final String SAME_VERSION = "#version = :expected AND (" + NOT_EXPIRED + ")";

	private static final String FENCE_ALLOWS = "(attribute_not_exists(#fence) OR (#fenceLease = :fenceLease AND #fence <= :fence))";

	private static final String FENCED_PUT = FENCE_ALLOWS;

	private static final String FENCED_CREATE = "(" + ABSENT_OR_EXPIRED + ") AND " + FENCE_ALLOWS;

	private static final String FENCED_SWAP = SAME_VERSION + " AND " + FENCE_ALLOWS;

	private static final String SET_FENCE = ", #fence = :fence, #fenceLease = :fenceLease";

	private static final String INCREMENT = "SET #payload = :payload, #version = if_not_exists(#version, :zero) + :one";

	private static final String SWAP = "SET #payload = :payload, #version = :next";

	private static final String SET_EXPIRY = ", #expires = :expires";

	private static final String REMOVE_EXPIRY = " REMOVE #expires";

	private static final Map<String, String> WRITE_NAMES = names("#payload", "#version", "#expires");

	private static final Map<String, String> CREATE_NAMES = names("#payload", "#version", "#expires", "#name");

	private static final Map<String, String> FENCED_PUT_NAMES = names("#payload", "#version", "#expires", "#fence",
			"#fenceLease");

	private static final Map<String, String> FENCED_CREATE_NAMES = names("#payload", "#version", "#expires", "#name",
			"#fence", "#fenceLease");

	private static final Map<String, String> FENCE_NAMES = names("#fence", "#fenceLease");

	private static final Map<String, String> DELETE_IF_ABSENT_NAMES = names("#name", "#expires");

	private static final Map<String, String> DELETE_IF_SAME_NAMES = names("#version", "#expires");

	private static final Map<String, String> EXISTS_NAMES = names("#name", "#expires");

	private static final Map<String, String> QUERY_NAMES = names("#id", "#name", "#expires");

	private static final Map<String, String> QUERY_ALL_NAMES = names("#id", "#expires");

	private static final Map<String, String> KEY_NAMES = names("#id", "#name");

	private static final AttributeValue ZERO = AttributeValue.fromN("0");

	private static final AttributeValue ONE = AttributeValue.fromN("1");

	private final String tableName;

	private final String partition;

	ItemRequests(String tableName, String partition) {
		this.tableName = tableName;
		this.partition = partition;
	}

	/** Writes the value whatever is stored, incrementing the version. */
	UpdateItemRequest put(String key, byte[] value, Long expires) {
		Map<String, AttributeValue> values = new HashMap<>(4);
		values.put(":payload", payload(value));
		values.put(":zero", ZERO);
		values.put(":one", ONE);
		return UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.updateExpression(INCREMENT + expiry(expires, values))
			.expressionAttributeNames(WRITE_NAMES)
			.expressionAttributeValues(values)
			.build();
	}

	/**
	 * Writes the value if the key is missing or expired, continuing the version of an expired item, and returns the
	 * new version.
	 */
	UpdateItemRequest create(String key, byte[] value, Long expires, long now) {
		Map<String, AttributeValue> values = new HashMap<>(6);
		values.put(":payload", payload(value));
		values.put(":zero", ZERO);
		values.put(":one", ONE);
		values.put(":now", number(now));
		return UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.updateExpression(INCREMENT + expiry(expires, values))
			.conditionExpression(ABSENT_OR_EXPIRED)
			.expressionAttributeNames(CREATE_NAMES)
			.expressionAttributeValues(values)
			.returnValues(ReturnValue.UPDATED_NEW)
			.build();
	}

	/** Writes the value if the item has the expected version and has not expired; returns it on failure. */
	UpdateItemRequest swap(String key, byte[] value, Long expires, long expectedVersion, long now) {
		Map<String, AttributeValue> values = new HashMap<>(6);
		values.put(":payload", payload(value));
		values.put(":next", number(expectedVersion + 1));
		values.put(":expected", number(expectedVersion));
		values.put(":now", number(now));
		return UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.updateExpression(SWAP + expiry(expires, values))
			.conditionExpression(SAME_VERSION)
			.expressionAttributeNames(WRITE_NAMES)
			.expressionAttributeValues(values)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build();
	}

	/**
	 * Writes the value without expiry if the key has recorded no token, or an older or equal token of the same
	 * lease, and records the token; returns the item on failure.
	 */
	UpdateItemRequest fencedPut(String key, byte[] value, FencingToken token) {
		Map<String, AttributeValue> values = fenceValues(value, token);
		values.put(":zero", ZERO);
		values.put(":one", ONE);
		return UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.updateExpression(INCREMENT + SET_FENCE + REMOVE_EXPIRY)
			.conditionExpression(FENCED_PUT)
			.expressionAttributeNames(FENCED_PUT_NAMES)
			.expressionAttributeValues(values)
			.returnValues(ReturnValue.UPDATED_NEW)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build();
	}

	/** A fenced {@link #create}: without expiry; returns the new version, or the item on failure. */
	UpdateItemRequest fencedCreate(String key, byte[] value, FencingToken token, long now) {
		Map<String, AttributeValue> values = fenceValues(value, token);
		values.put(":zero", ZERO);
		values.put(":one", ONE);
		values.put(":now", number(now));
		return UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.updateExpression(INCREMENT + SET_FENCE + REMOVE_EXPIRY)
			.conditionExpression(FENCED_CREATE)
			.expressionAttributeNames(FENCED_CREATE_NAMES)
			.expressionAttributeValues(values)
			.returnValues(ReturnValue.UPDATED_NEW)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build();
	}

	/** A fenced {@link #swap}: without expiry; returns the item on failure. */
	UpdateItemRequest fencedSwap(String key, byte[] value, FencingToken token, long expectedVersion, long now) {
		Map<String, AttributeValue> values = fenceValues(value, token);
		values.put(":next", number(expectedVersion + 1));
		values.put(":expected", number(expectedVersion));
		values.put(":now", number(now));
		return UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.updateExpression(SWAP + SET_FENCE + REMOVE_EXPIRY)
			.conditionExpression(FENCED_SWAP)
			.expressionAttributeNames(FENCED_PUT_NAMES)
			.expressionAttributeValues(values)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build();
	}

	/** Reads only the recorded token. */
	GetItemRequest fence(String key) {
		return GetItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.projectionExpression("#fence, #fenceLease")
			.expressionAttributeNames(FENCE_NAMES)
			.consistentRead(true)
			.build();
	}

	private static Map<String, AttributeValue> fenceValues(byte[] value, FencingToken token) {
		Map<String, AttributeValue> values = new HashMap<>(8);
		values.put(":payload", payload(value));
		values.put(":fence", number(token.value()));
		values.put(":fenceLease", AttributeValue.fromS(token.lease()));
		return values;
	}

	GetItemRequest get(String key, boolean consistentRead) {
		return GetItemRequest.builder().tableName(this.tableName).key(key(key)).consistentRead(consistentRead).build();
	}

	/** Reads only what tells whether the item exists and has expired. */
	GetItemRequest exists(String key, boolean consistentRead) {
		return GetItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.projectionExpression("#name, #expires")
			.expressionAttributeNames(EXISTS_NAMES)
			.consistentRead(consistentRead)
			.build();
	}

	DeleteItemRequest delete(String key) {
		return DeleteItemRequest.builder().tableName(this.tableName).key(key(key)).build();
	}

	/**
	 * Deletes the item if it has the expected version and has not expired or, with no expected version, if it is
	 * missing or expired. Returns it on failure.
	 */
	DeleteItemRequest conditionalDelete(String key, Long expectedVersion, long now) {
		Map<String, AttributeValue> values = new HashMap<>(2);
		values.put(":now", number(now));
		if (expectedVersion != null) {
			values.put(":expected", number(expectedVersion));
		}
		return DeleteItemRequest.builder()
			.tableName(this.tableName)
			.key(key(key))
			.conditionExpression((expectedVersion != null) ? SAME_VERSION : ABSENT_OR_EXPIRED)
			.expressionAttributeNames((expectedVersion != null) ? DELETE_IF_SAME_NAMES : DELETE_IF_ABSENT_NAMES)
			.expressionAttributeValues(values)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build();
	}

	/** Reads one page of the items under the prefix, leaving out expired ones. */
	QueryRequest page(String prefix, String afterKey, ListOptions options, long now) {
		Map<String, AttributeValue> values = keyValues(prefix);
		values.put(":now", number(now));
		QueryRequest.Builder query = QueryRequest.builder()
			.tableName(this.tableName)
			.keyConditionExpression(keyCondition(prefix))
			.filterExpression(NOT_EXPIRED)
			.expressionAttributeNames(prefix.isEmpty() ? QUERY_ALL_NAMES : QUERY_NAMES)
			.expressionAttributeValues(values)
			.scanIndexForward(options.order() == SortOrder.ASCENDING)
			.consistentRead(options.consistentRead());
		if (options.limit() > 0) {
			query.limit(options.limit());
		}
		if (afterKey != null) {
			query.exclusiveStartKey(key(afterKey));
		}
		return query.build();
	}

	/** Reads the keys of all items under the prefix, expired ones included. */
	QueryRequest keys(String prefix, Map<String, AttributeValue> startKey) {
		return QueryRequest.builder()
			.tableName(this.tableName)
			.keyConditionExpression(keyCondition(prefix))
			.projectionExpression("#id, #name")
			.expressionAttributeNames(KEY_NAMES)
			.expressionAttributeValues(keyValues(prefix))
			.exclusiveStartKey(startKey)
			.consistentRead(true)
			.build();
	}

	/** A blind write for BatchWriteItem, which can neither increment nor hold a condition: version 1. */
	WriteRequest overwrite(String key, byte[] value, Long expires) {
		Map<String, AttributeValue> item = new HashMap<>(key(key));
		item.put(StoredItem.PAYLOAD, payload(value));
		item.put(StoredItem.VERSION, ONE);
		if (expires != null) {
			item.put(StoredItem.EXPIRES, number(expires));
		}
		return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
	}

	static WriteRequest delete(Map<String, AttributeValue> key) {
		return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
	}

	Map<String, AttributeValue> key(String key) {
		return StoredItem.key(this.partition, key);
	}

	private static String keyCondition(String prefix) {
		return prefix.isEmpty() ? "#id = :id" : "#id = :id AND begins_with(#name, :prefix)";
	}

	private Map<String, AttributeValue> keyValues(String prefix) {
		Map<String, AttributeValue> values = new HashMap<>(4);
		values.put(":id", AttributeValue.fromS(this.partition));
		if (!prefix.isEmpty()) {
			values.put(":prefix", AttributeValue.fromS(prefix));
		}
		return values;
	}

	private static String expiry(Long expires, Map<String, AttributeValue> values) {
		if (expires == null) {
			return REMOVE_EXPIRY;
		}
		values.put(":expires", number(expires));
		return SET_EXPIRY;
	}

	private static AttributeValue payload(byte[] value) {
		return AttributeValue.fromB(SdkBytes.fromByteArray(value));
	}

	private static AttributeValue number(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	private static Map<String, String> names(String... placeholders) {
		Map<String, String> names = new HashMap<>();
		for (String placeholder : placeholders) {
			names.put(placeholder, placeholder.substring(1));
		}
		return Map.copyOf(names);
	}

}
