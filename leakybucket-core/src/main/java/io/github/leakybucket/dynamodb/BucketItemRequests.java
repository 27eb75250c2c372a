package io.github.leakybucket.dynamodb;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.MalformedBucketItemException;
import io.github.leakybucket.spi.TatOutcome;
import io.github.leakybucket.spi.TatUpdate;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The requests on bucket items of one table, and the reading of their answers: what the blocking and the
 * asynchronous stores share, so that both write and parse items the same way.
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
 * never overwritten. Every request carries its own API call timeout, so a decision is bounded whatever client makes
 * it.
 */
final class BucketItemRequests {

	static final String TAT = "tat";

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final Map<String, String> EMPTY_NAMES = Map.of("#name", TableLayout.BUCKETS.hashKey(), "#tat", TAT,
			"#ttl", TableLayout.BUCKETS.ttlAttribute());

	private static final Map<String, String> BACKLOG_NAMES = Map.of("#tat", TAT, "#ttl",
			TableLayout.BUCKETS.ttlAttribute());

	private static final AttributeValue ZERO = AttributeValue.fromN("0");

	private final String tableName;

	private final long ttlMarginSeconds;

	BucketItemRequests(String tableName, Duration ttlMargin) {
		this.tableName = tableName;
		this.ttlMarginSeconds = ttlMargin.toSeconds() + ((ttlMargin.toNanosPart() > 0) ? 1 : 0);
	}

	/** The conditional {@code UpdateItem} that adds the update's cost if the guess and the limit hold. */
	UpdateItemRequest add(String itemName, TatUpdate update, Duration timeout) {
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
		return request.build();
	}

	/** The outcome of an {@code UpdateItem} that applied. */
	static TatOutcome applied(String itemName, UpdateItemResponse response) {
		return TatOutcome.applied(tat(itemName, response.attributes()));
	}

	/** The outcome of an {@code UpdateItem} whose condition failed: the stored {@code tat}, 0 if absent. */
	static TatOutcome refused(String itemName, ConditionalCheckFailedException refusal) {
		return TatOutcome.refused(refusal.hasItem() ? tat(itemName, refusal.item()) : 0);
	}

	/** The strongly consistent {@code GetItem} of a bucket item. */
	GetItemRequest read(String itemName, Duration timeout) {
		return GetItemRequest.builder()
			.tableName(this.tableName)
			.key(key(itemName))
			.consistentRead(true)
			.overrideConfiguration((override) -> override.apiCallTimeout(timeout))
			.build();
	}

	/** The stored {@code tat} a {@code GetItem} returned, 0 for an absent item. */
	static long tat(String itemName, GetItemResponse response) {
		return response.hasItem() ? tat(itemName, response.item()) : 0;
	}

	/** The {@code DeleteItem} that empties a bucket. */
	DeleteItemRequest delete(String itemName, Duration timeout) {
		return DeleteItemRequest.builder()
			.tableName(this.tableName)
			.key(key(itemName))
			.overrideConfiguration((override) -> override.apiCallTimeout(timeout))
			.build();
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
