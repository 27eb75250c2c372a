package io.github.leakybucket.kv.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.leakybucket.lease.LeaseRecord;
import io.github.leakybucket.lease.LeaseTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A {@link LeaseTable} in a partition of its own of a key/value table
 * ({@link io.github.leakybucket.dynamodb.TableLayout#KEY_VALUE}): one item per lease name, never deleted and never
 * given a TTL, so that its token never resets. Every write is one conditional UpdateItem that returns the item as
 * it was when its condition fails; reads are strongly consistent GetItems. An item holds {@code owner} (S),
 * {@code token} (N), {@code version} (N), {@code released} (BOOL), {@code duration} (N, milliseconds) and
 * {@code writtenAt} (N, the writer's epoch milliseconds).
 * <p>
 * Do not delete the partition's items, nor write them through a {@link io.github.leakybucket.kv.KeyValueStore}: a
 * deleted lease starts again at token 1.
 */
public final class DynamoDbLeaseTable implements LeaseTable {

	/** Partition of the lease rows unless another is given. */
	public static final String DEFAULT_PARTITION = "leakybucket-leases";

	private static final String OWNER = "owner";

	private static final String TOKEN = "token";

	private static final String RELEASED = "released";

	private static final String DURATION = "duration";

	private static final String WRITTEN_AT = "writtenAt";

	private static final String SET_GRANT = "#released = :false, #duration = :duration, #writtenAt = :now";

	private static final Map<String, String> NAMES = Map.of("#name", StoredItem.KEY, "#owner", OWNER, "#token", TOKEN,
			"#version", StoredItem.VERSION, "#released", RELEASED, "#duration", DURATION, "#writtenAt", WRITTEN_AT);

	private static final AttributeValue ZERO = AttributeValue.fromN("0");

	private static final AttributeValue ONE = AttributeValue.fromN("1");

	private static final AttributeValue TRUE = AttributeValue.fromBool(true);

	private static final AttributeValue FALSE = AttributeValue.fromBool(false);

	private final DynamoDbClient client;

	private final String tableName;

	private final String partition;

	private DynamoDbLeaseTable(DynamoDbClient client, String tableName, String partition) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.tableName = Objects.requireNonNull(tableName, "tableName must not be null");
		this.partition = InputLimits.partition(partition);
	}

	/**
	 * Returns a lease table in the {@link #DEFAULT_PARTITION default partition} of a key/value table.
	 * @param client the DynamoDB client
	 * @param tableName the key/value table
	 * @return the lease table
	 */
	public static DynamoDbLeaseTable create(DynamoDbClient client, String tableName) {
		return create(client, tableName, DEFAULT_PARTITION);
	}

	/**
	 * Returns a lease table in a given partition of a key/value table.
	 * @param client the DynamoDB client
	 * @param tableName the key/value table
	 * @param partition the partition of the lease rows, kept for leases only
	 * @return the lease table
	 * @throws IllegalArgumentException if the partition is empty or too long
	 */
	public static DynamoDbLeaseTable create(DynamoDbClient client, String tableName, String partition) {
		return new DynamoDbLeaseTable(client, tableName, partition);
	}

	/**
	 * Returns the partition the lease rows are kept in.
	 * @return the partition name
	 */
	public String partitionName() {
		return this.partition;
	}

	@Override
	public void checkName(String name) {
		InputLimits.key(name);
	}

	@Override
	public Optional<LeaseRecord> read(String name) {
		checkName(name);
		Map<String, AttributeValue> item = this.client.getItem(GetItemRequest.builder()
			.tableName(this.tableName)
			.key(StoredItem.key(this.partition, name))
			.consistentRead(true)
			.build()).item();
		return Optional.ofNullable(toRecord(item));
	}

	@Override
	public WriteResult grant(String name, String owner, Duration duration, Instant now) {
		checkName(name);
		Map<String, AttributeValue> values = written(owner, duration, now);
		values.put(":zero", ZERO);
		values.put(":one", ONE);
		values.put(":true", TRUE);
		return write(name, "SET #owner = :owner, #token = if_not_exists(#token, :zero) + :one, "
				+ "#version = if_not_exists(#version, :zero) + :one, " + SET_GRANT,
				"attribute_not_exists(#name) OR #released = :true", values);
	}

	@Override
	public WriteResult takeOver(LeaseRecord observed, String owner, Duration duration, Instant now) {
		checkName(observed.name());
		Map<String, AttributeValue> values = written(owner, duration, now);
		values.put(":token", number(observed.token() + 1));
		values.put(":version", number(observed.version() + 1));
		values.put(":observed", number(observed.version()));
		return write(observed.name(), "SET #owner = :owner, #token = :token, #version = :version, " + SET_GRANT,
				"#version = :observed", values);
	}

	@Override
	public WriteResult renew(LeaseRecord held, Instant now) {
		checkName(held.name());
		Map<String, AttributeValue> values = new HashMap<>(8);
		values.put(":owner", AttributeValue.fromS(held.owner()));
		values.put(":token", number(held.token()));
		values.put(":held", number(held.version()));
		values.put(":version", number(held.version() + 1));
		values.put(":false", FALSE);
		values.put(":now", millis(now));
		return write(held.name(), "SET #version = :version, #writtenAt = :now",
				"#owner = :owner AND #token = :token AND #version = :held AND #released = :false", values);
	}

	@Override
	public WriteResult release(LeaseRecord held, Instant now) {
		checkName(held.name());
		Map<String, AttributeValue> values = new HashMap<>(8);
		values.put(":owner", AttributeValue.fromS(held.owner()));
		values.put(":token", number(held.token()));
		values.put(":one", ONE);
		values.put(":true", TRUE);
		values.put(":false", FALSE);
		values.put(":now", millis(now));
		return write(held.name(), "SET #released = :true, #version = #version + :one, #writtenAt = :now",
				"#owner = :owner AND #token = :token AND #released = :false", values);
	}

	private WriteResult write(String name, String update, String condition, Map<String, AttributeValue> values) {
		try {
			Map<String, AttributeValue> item = this.client.updateItem(UpdateItemRequest.builder()
				.tableName(this.tableName)
				.key(StoredItem.key(this.partition, name))
				.updateExpression(update)
				.conditionExpression(condition)
				.expressionAttributeNames(namesIn(update + " " + condition))
				.expressionAttributeValues(values)
				.returnValues(ReturnValue.ALL_NEW)
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build()).attributes();
			return WriteResult.applied(toRecord(item));
		}
		catch (ConditionalCheckFailedException ex) {
			return WriteResult.refused(ex.hasItem() ? toRecord(ex.item()) : null);
		}
	}

	/** Returns the placeholders an expression uses: DynamoDB refuses unused ones. */
	private static Map<String, String> namesIn(String expression) {
		Map<String, String> names = new HashMap<>(NAMES);
		names.keySet().removeIf((placeholder) -> !expression.contains(placeholder));
		return names;
	}

	private static Map<String, AttributeValue> written(String owner, Duration duration, Instant now) {
		Map<String, AttributeValue> values = new HashMap<>(10);
		values.put(":owner", AttributeValue.fromS(owner));
		values.put(":false", FALSE);
		values.put(":duration", number(duration.toMillis()));
		values.put(":now", millis(now));
		return values;
	}

	private static LeaseRecord toRecord(Map<String, AttributeValue> item) {
		if (item == null || item.isEmpty()) {
			return null;
		}
		return new LeaseRecord(item.get(StoredItem.KEY).s(), item.get(OWNER).s(), Long.parseLong(item.get(TOKEN).n()),
				Long.parseLong(item.get(StoredItem.VERSION).n()), item.get(RELEASED).bool(),
				Duration.ofMillis(Long.parseLong(item.get(DURATION).n())),
				Instant.ofEpochMilli(Long.parseLong(item.get(WRITTEN_AT).n())));
	}

	/** Rounds up, so that a write never looks older than it is to a skew-bounded takeover. */
	private static AttributeValue millis(Instant now) {
		long millis = now.toEpochMilli();
		return number((now.getNano() % 1_000_000 != 0) ? millis + 1 : millis);
	}

	private static AttributeValue number(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	@Override
	public String toString() {
		return "DynamoDbLeaseTable[table=" + this.tableName + ", partition=" + this.partition + "]";
	}

}
