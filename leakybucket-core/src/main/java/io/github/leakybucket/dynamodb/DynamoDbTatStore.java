package io.github.leakybucket.dynamodb;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatStore;
import io.github.leakybucket.spi.TatUpdate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Bucket items in a DynamoDB table: one conditional {@code UpdateItem} per addition, a consistent {@code GetItem}
 * per read, a {@code DeleteItem} to empty. Every request carries its own API call timeout, so a decision is bounded
 * whatever client it is given.
 * <p>
 * The item is {@code name} (S), {@code tat} (N, epoch nanoseconds at which the level reaches zero) and {@code _ttl}
 * (N, epoch seconds). {@code UpdateItem} cannot compute {@code max(tat, now)}, so the update's
 * {@link TatUpdate#backlogExpected() guess} picks the expression, and the condition checks the guess:
 * <ul>
 * <li>empty: {@code SET tat = :now + cost} if the item is absent or {@code 0 <= tat <= :now};</li>
 * <li>backlog: {@code SET tat = tat + cost} if {@code :now < tat <= :latest}.</li>
 * </ul>
 * Either way the new {@code tat} is at most {@code now + drainTime}, so {@code _ttl} (that instant plus a margin)
 * only expires a drained bucket. An item without a numeric, non-negative {@code tat} fails both conditions and is
 * never overwritten.
 */
final class DynamoDbTatStore implements TatStore {

	static final String TAT = "tat";

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final Map<String, String> EMPTY_NAMES = Map.of("#name", TableLayout.BUCKETS.hashKey(), "#tat", TAT,
			"#ttl", TableLayout.BUCKETS.ttlAttribute());

	private static final Map<String, String> BACKLOG_NAMES = Map.of("#tat", TAT, "#ttl",
			TableLayout.BUCKETS.ttlAttribute());

	private static final AttributeValue ZERO = AttributeValue.fromN("0");

	private final DynamoDbClient client;

	private final String tableName;

	private final long ttlMarginSeconds;

	DynamoDbTatStore(DynamoDbClient client, String tableName, Duration ttlMargin) {
		this.client = client;
		this.tableName = tableName;
		this.ttlMarginSeconds = ttlMargin.toSeconds() + ((ttlMargin.toNanosPart() > 0) ? 1 : 0);
	}

	@Override
	public TatOutcome add(String itemName, TatUpdate update, Duration timeout) {
		long ttl = Math.floorDiv(update.ceiling(), NANOS_PER_SECOND) + 1 + this.ttlMarginSeconds;
		UpdateItemRequest.Builder request = UpdateItemRequest.builder()
			.tableName(this.tableName)
			.key(key(itemName))
			.returnValues(ReturnValue.UPDATED_NEW)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.overrideConfiguration((override) -> override.apiCallTimeout(timeout));
		if (update.backlogExpected()) {
			request.updateExpression("SET #tat = #tat + :cost, #ttl = :ttl")
				.conditionExpression("#tat > :now AND #tat <= :latest")
				.expressionAttributeNames(BACKLOG_NAMES)
				.expressionAttributeValues(Map.of(":cost", number(update.cost()), ":ttl", number(ttl), ":now",
						number(update.now()), ":latest", number(update.latestTat())));
		}
		else {
			request.updateExpression("SET #tat = :tat, #ttl = :ttl")
				.conditionExpression("attribute_not_exists(#name) OR #tat BETWEEN :zero AND :now")
				.expressionAttributeNames(EMPTY_NAMES)
				.expressionAttributeValues(Map.of(":tat", number(update.now() + update.cost()), ":ttl", number(ttl),
						":now", number(update.now()), ":zero", ZERO));
		}
		try {
			Map<String, AttributeValue> updated = this.client.updateItem(request.build()).attributes();
			return TatOutcome.applied(tat(itemName, updated));
		}
		catch (ConditionalCheckFailedException ex) {
			return TatOutcome.refused(ex.hasItem() ? tat(itemName, ex.item()) : 0);
		}
	}

	@Override
	public long read(String itemName, Duration timeout) {
		GetItemResponse response = this.client.getItem((request) -> request.tableName(this.tableName)
			.key(key(itemName))
			.consistentRead(true)
			.overrideConfiguration((override) -> override.apiCallTimeout(timeout)));
		return response.hasItem() ? tat(itemName, response.item()) : 0;
	}

	@Override
	public void delete(String itemName, Duration timeout) {
		this.client.deleteItem((request) -> request.tableName(this.tableName)
			.key(key(itemName))
			.overrideConfiguration((override) -> override.apiCallTimeout(timeout)));
	}

	private static Map<String, AttributeValue> key(String itemName) {
		return Map.of(TableLayout.BUCKETS.hashKey(), AttributeValue.fromS(itemName));
	}

	private static AttributeValue number(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	/**
	 * Reads {@code tat} from an item that exists.
	 * @throws MalformedBucketItemException if it is missing, not a number, not a whole number in range, or negative
	 */
	private static long tat(String itemName, Map<String, AttributeValue> item) {
		AttributeValue tat = item.get(TAT);
		if (tat == null) {
			throw new MalformedBucketItemException(itemName, "it has no attribute '" + TAT + "'; attributes are "
					+ item.keySet());
		}
		if (tat.n() == null) {
			throw new MalformedBucketItemException(itemName, "attribute '" + TAT + "' is not a number: " + tat);
		}
		long value;
		try {
			value = new BigDecimal(tat.n()).longValueExact();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw new MalformedBucketItemException(itemName,
					"attribute '" + TAT + "' is not a whole number of nanoseconds: " + tat.n());
		}
		if (value < 0) {
			throw new MalformedBucketItemException(itemName, "attribute '" + TAT + "' is negative: " + value);
		}
		return value;
	}

}
