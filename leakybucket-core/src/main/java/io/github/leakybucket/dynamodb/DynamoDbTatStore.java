package io.github.leakybucket.dynamodb;

import java.time.Duration;

import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatStore;
import io.github.leakybucket.spi.TatUpdate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Bucket items in a DynamoDB table, on the blocking client: one conditional {@code UpdateItem} per addition, a
 * consistent {@code GetItem} per read, a {@code DeleteItem} to empty. The requests and the item are those of
 * {@link BucketItemRequests}.
 *
 * @param client the client
 * @param requests the requests on the table's items
 */
record DynamoDbTatStore(DynamoDbClient client, BucketItemRequests requests) implements TatStore {

	@Override
	public TatOutcome add(String itemName, TatUpdate update, Duration timeout) {
		try {
			return BucketItemRequests.applied(itemName,
					this.client.updateItem(this.requests.add(itemName, update, timeout)));
		}
		catch (ConditionalCheckFailedException ex) {
			return BucketItemRequests.refused(itemName, ex);
		}
	}

	@Override
	public long read(String itemName, Duration timeout) {
		return BucketItemRequests.tat(itemName, this.client.getItem(this.requests.read(itemName, timeout)));
	}

	@Override
	public void delete(String itemName, Duration timeout) {
		this.client.deleteItem(this.requests.delete(itemName, timeout));
	}

}
