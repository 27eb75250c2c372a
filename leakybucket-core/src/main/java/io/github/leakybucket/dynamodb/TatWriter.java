package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.internal.Meter;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Adds units to a bucket item with one conditional {@code UpdateItem}; also reads and deletes the item.
 * <p>
 * The item is {@code name} (S), {@code tat} (N, epoch nanoseconds at which the level reaches zero) and {@code _ttl}
 * (N, epoch seconds). {@code UpdateItem} cannot compute {@code max(tat, now)}, so the caller guesses which side of
 * {@code now} the stored {@code tat} is, and the condition checks the guess:
 * <ul>
 * <li>empty: {@code SET tat = :now + cost} if the item is absent or {@code tat <= :now};</li>
 * <li>backlog: {@code SET tat = tat + cost} if {@code :now < tat <= :latest}, where {@code :latest} is the latest
 * {@code tat} at which the units still fit.</li>
 * </ul>
 * Either way the new {@code tat} is at most {@code now + drainTime}, so {@code _ttl} (that instant plus a margin)
 * only expires a drained bucket. An item whose {@code _ttl} passed but that DynamoDB has not deleted yet has its
 * {@code tat} in the past, so it counts as empty.
 */
final class TatWriter {

	static final String TAT = "tat";

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final Map<String, String> EMPTY_NAMES = Map.of("#name", TableLayout.BUCKETS.hashKey(), "#tat", TAT,
			"#ttl", TableLayout.BUCKETS.ttlAttribute());

	private static final Map<String, String> BACKLOG_NAMES = Map.of("#tat", TAT, "#ttl",
			TableLayout.BUCKETS.ttlAttribute());

	private final DynamoDbClient client;

	private final String tableName;

	private final long ttlMarginSeconds;

	TatWriter(DynamoDbClient client, String tableName, Duration ttlMargin) {
		this.client = client;
		this.tableName = tableName;
		this.ttlMarginSeconds = ttlMargin.toSeconds() + ((ttlMargin.toNanosPart() > 0) ? 1 : 0);
	}

	/**
	 * Adds units with one request.
	 * @param itemName the bucket's storage name
	 * @param meter the bucket's arithmetic
	 * @param now the current time, epoch nanoseconds
	 * @param units units to add, from 1 to the capacity
	 * @param backlog whether to guess that the stored {@code tat} is after {@code now}
	 * @return the outcome
	 */
	Outcome add(String itemName, Meter meter, long now, long units, boolean backlog) {
		long cost = meter.cost(units);
		long ttl = Math.floorDiv(now + meter.drainNanos() + NANOS_PER_SECOND - 1, NANOS_PER_SECOND)
				+ this.ttlMarginSeconds;
		UpdateItemRequest.Builder request = UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(itemName))
			.returnValues(ReturnValue.UPDATED_NEW)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
		if (backlog) {
			request.updateExpression("SET #tat = #tat + :cost, #ttl = :ttl")
				.conditionExpression("#tat > :now AND #tat <= :latest")
				.expressionAttributeNames(BACKLOG_NAMES)
				.expressionAttributeValues(Map.of(":cost", number(cost), ":ttl", number(ttl), ":now", number(now),
						":latest", number(meter.latestFittingTat(now, units))));
		}
		else {
			request.updateExpression("SET #tat = :tat, #ttl = :ttl")
				.conditionExpression("attribute_not_exists(#name) OR #tat <= :now")
				.expressionAttributeNames(EMPTY_NAMES)
				.expressionAttributeValues(
						Map.of(":tat", number(now + cost), ":ttl", number(ttl), ":now", number(now)));
		}
		try {
			Map<String, AttributeValue> updated = this.client.updateItem(request.build()).attributes();
			return new Outcome(true, tat(updated));
		}
		catch (ConditionalCheckFailedException ex) {
			return new Outcome(false, ex.hasItem() ? tat(ex.item()) : 0);
		}
	}

	/**
	 * Reads the stored {@code tat} with one strongly consistent {@code GetItem}.
	 * @param itemName the bucket's storage name
	 * @return the stored {@code tat}; 0 for an absent item
	 */
	long read(String itemName) {
		GetItemResponse response = this.client.getItem((request) -> request.tableName(this.tableName)
			.key(key(itemName))
			.consistentRead(true)
			.projectionExpression("#tat")
			.expressionAttributeNames(Map.of("#tat", TAT)));
		return response.hasItem() ? tat(response.item()) : 0;
	}

	/**
	 * Deletes the bucket item, which empties the bucket, with one {@code DeleteItem}.
	 * @param itemName the bucket's storage name
	 */
	void delete(String itemName) {
		this.client.deleteItem((request) -> request.tableName(this.tableName).key(key(itemName)));
	}

	private static Map<String, AttributeValue> key(String itemName) {
		return Map.of(TableLayout.BUCKETS.hashKey(), AttributeValue.fromS(itemName));
	}

	private static AttributeValue number(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	private static long tat(Map<String, AttributeValue> item) {
		AttributeValue tat = (item != null) ? item.get(TAT) : null;
		return (tat != null && tat.n() != null) ? Long.parseLong(tat.n()) : 0;
	}

	/**
	 * What one conditional write found.
	 *
	 * @param applied whether the units were added
	 * @param tat the stored {@code tat} after the write if applied, else the stored {@code tat} that failed the
	 * condition; 0 for an absent item
	 */
	record Outcome(boolean applied, long tat) {
	}

}
