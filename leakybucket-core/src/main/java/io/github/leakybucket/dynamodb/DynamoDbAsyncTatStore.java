package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.leakybucket.spi.AsyncTatStore;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatUpdate;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Bucket items in a DynamoDB table, on the asynchronous client: the same requests and item as the blocking store
 * ({@link BucketItemRequests}), answered by futures that the client completes on its own threads. Each request's API
 * call timeout bounds its future.
 *
 * @param client the asynchronous client
 * @param requests the requests on the table's items
 */
record DynamoDbAsyncTatStore(DynamoDbAsyncClient client, BucketItemRequests requests) implements AsyncTatStore {

	@Override
	public CompletableFuture<TatOutcome> add(String itemName, TatUpdate update, Duration timeout) {
		return this.client.updateItem(this.requests.add(itemName, update, timeout)).handle((response, error) -> {
			if (error == null) {
				return BucketItemRequests.applied(itemName, response);
			}
			Throwable cause = unwrap(error);
			if (cause instanceof ConditionalCheckFailedException refusal) {
				return BucketItemRequests.refused(itemName, refusal);
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
		});
	}

	@Override
	public CompletableFuture<Long> read(String itemName, Duration timeout) {
		return this.client.getItem(this.requests.read(itemName, timeout))
			.thenApply((response) -> BucketItemRequests.tat(itemName, response));
	}

	@Override
	public CompletableFuture<Void> delete(String itemName, Duration timeout) {
		return this.client.deleteItem(this.requests.delete(itemName, timeout)).thenApply((response) -> null);
	}

	/** The SDK completes its futures with the service's exception wrapped in a {@link CompletionException}. */
	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
