package io.github.leakybucket.kv.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.leakybucket.kv.BatchIncompleteException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Runs BatchGetItem (100 keys a call) and BatchWriteItem (25 requests a call) over any number of keys, retrying
 * unprocessed keys per {@link BatchRetryPolicy}.
 */
final class BatchRequests {

	static final int MAX_GET_KEYS = 100;

	static final int MAX_WRITE_REQUESTS = 25;

	private final DynamoDbClient client;

	private final String tableName;

	private final BatchRetryPolicy retryPolicy;

	BatchRequests(DynamoDbClient client, String tableName, BatchRetryPolicy retryPolicy) {
		this.client = client;
		this.tableName = tableName;
		this.retryPolicy = retryPolicy;
	}

	List<Map<String, AttributeValue>> get(List<Map<String, AttributeValue>> keys, boolean consistentRead) {
		List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
		for (int from = 0; from < keys.size(); from += MAX_GET_KEYS) {
			List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(from + MAX_GET_KEYS, keys.size()));
			for (int attempt = 1; !pending.isEmpty(); attempt++) {
				if (attempt > 1) {
					backOff(attempt - 1, "get-all", pending);
				}
				KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(consistentRead).build();
				BatchGetItemResponse response = this.client
					.batchGetItem((batch) -> batch.requestItems(Map.of(this.tableName, request)));
				items.addAll(response.responses().getOrDefault(this.tableName, List.of()));
				KeysAndAttributes unprocessed = response.unprocessedKeys().get(this.tableName);
				pending = (unprocessed != null) ? unprocessed.keys() : List.of();
				if (!pending.isEmpty() && attempt == this.retryPolicy.maxAttempts()) {
					throw new BatchIncompleteException("get-all", names(pending), attempt);
				}
			}
		}
		return items;
	}

	void write(String operation, List<WriteRequest> requests) {
		for (int from = 0; from < requests.size(); from += MAX_WRITE_REQUESTS) {
			List<WriteRequest> pending = requests.subList(from, Math.min(from + MAX_WRITE_REQUESTS, requests.size()));
			for (int attempt = 1; !pending.isEmpty(); attempt++) {
				if (attempt > 1) {
					backOff(attempt - 1, operation, keysOf(pending));
				}
				List<WriteRequest> batch = pending;
				BatchWriteItemResponse response = this.client
					.batchWriteItem((write) -> write.requestItems(Map.of(this.tableName, batch)));
				pending = response.unprocessedItems().getOrDefault(this.tableName, List.of());
				if (!pending.isEmpty() && attempt == this.retryPolicy.maxAttempts()) {
					throw new BatchIncompleteException(operation, names(keysOf(pending)), attempt);
				}
			}
		}
	}

	private void backOff(int retry, String operation, List<Map<String, AttributeValue>> pending) {
		try {
			Thread.sleep(this.retryPolicy.backoff(retry).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			IllegalStateException interrupted = new IllegalStateException(
					"Interrupted while " + operation + " backed off before retrying " + pending.size() + " key(s)");
			interrupted.addSuppressed(new BatchIncompleteException(operation, names(pending), retry));
			throw interrupted;
		}
	}

	private static List<Map<String, AttributeValue>> keysOf(List<WriteRequest> requests) {
		List<Map<String, AttributeValue>> keys = new ArrayList<>(requests.size());
		for (WriteRequest request : requests) {
			keys.add((request.putRequest() != null) ? request.putRequest().item() : request.deleteRequest().key());
		}
		return keys;
	}

	private static List<String> names(List<Map<String, AttributeValue>> keys) {
		return keys.stream().map((key) -> key.get(StoredItem.KEY).s()).toList();
	}

}
