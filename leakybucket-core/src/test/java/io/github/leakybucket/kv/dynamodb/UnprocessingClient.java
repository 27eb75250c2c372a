package io.github.leakybucket.kv.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A client that injects one fault into a real DynamoDB: its first batch calls send only part of the batch and return
 * the rest as unprocessed, as DynamoDB does when throttled.
 */
class UnprocessingClient implements DynamoDbClient {

	private final DynamoDbClient delegate;

	private final int processedPerCall;

	private final AtomicInteger partialCallsLeft;

	private final AtomicInteger unprocessed = new AtomicInteger();

	/**
	 * Creates a client.
	 * @param delegate the real client
	 * @param processedPerCall how many items of a batch a partial call processes
	 * @param partialCalls how many batch calls are partial
	 */
	UnprocessingClient(DynamoDbClient delegate, int processedPerCall, int partialCalls) {
		this.delegate = delegate;
		this.processedPerCall = processedPerCall;
		this.partialCallsLeft = new AtomicInteger(partialCalls);
	}

	/**
	 * Returns how many items were returned as unprocessed.
	 * @return the count
	 */
	int unprocessed() {
		return this.unprocessed.get();
	}

	@Override
	public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
		String table = request.requestItems().keySet().iterator().next();
		List<WriteRequest> items = request.requestItems().get(table);
		if (items.size() <= this.processedPerCall || this.partialCallsLeft.getAndDecrement() <= 0) {
			return this.delegate.batchWriteItem(request);
		}
		if (this.processedPerCall > 0) {
			this.delegate
				.batchWriteItem((write) -> write.requestItems(Map.of(table, items.subList(0, this.processedPerCall))));
		}
		List<WriteRequest> rest = items.subList(this.processedPerCall, items.size());
		this.unprocessed.addAndGet(rest.size());
		return BatchWriteItemResponse.builder().unprocessedItems(Map.of(table, rest)).build();
	}

	@Override
	public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
		String table = request.requestItems().keySet().iterator().next();
		KeysAndAttributes keys = request.requestItems().get(table);
		if (keys.keys().size() <= this.processedPerCall || this.partialCallsLeft.getAndDecrement() <= 0) {
			return this.delegate.batchGetItem(request);
		}
		KeysAndAttributes rest = keys.toBuilder()
			.keys(keys.keys().subList(this.processedPerCall, keys.keys().size()))
			.build();
		this.unprocessed.addAndGet(rest.keys().size());
		BatchGetItemResponse.Builder response = BatchGetItemResponse.builder().responses(Map.of());
		if (this.processedPerCall > 0) {
			KeysAndAttributes first = keys.toBuilder().keys(keys.keys().subList(0, this.processedPerCall)).build();
			response = this.delegate.batchGetItem((get) -> get.requestItems(Map.of(table, first))).toBuilder();
		}
		return response.unprocessedKeys(Map.of(table, rest)).build();
	}

	@Override
	public QueryResponse query(QueryRequest request) {
		return this.delegate.query(request);
	}

	@Override
	public String serviceName() {
		return this.delegate.serviceName();
	}

	@Override
	public void close() {
	}

}
