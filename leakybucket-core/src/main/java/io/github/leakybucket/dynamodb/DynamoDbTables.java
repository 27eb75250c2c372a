package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates and checks the tables of a {@link TableLayout}.
 * <p>
 * These are control-plane calls (DescribeTable, CreateTable, DescribeTimeToLive, UpdateTimeToLive and the wait
 * for a table to become active), which can take far longer than a rate-limit decision. Each carries its own
 * timeout, set on the request, so a client whose API call timeout is tuned for decisions still creates and checks
 * tables.
 */
public final class DynamoDbTables {

	/** Timeout of each control-plane call, and of the wait for a new table, unless another is given. */
	public static final Duration DEFAULT_ADMIN_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration TABLE_POLL_INTERVAL = Duration.ofSeconds(1);

	private final DynamoDbClient client;

	private final AwsRequestOverrideConfiguration requestTimeout;

	private final WaiterOverrideConfiguration waiterTimeout;

	/**
	 * Creates an instance that works through the given client, with {@link #DEFAULT_ADMIN_TIMEOUT}.
	 * @param client the DynamoDB client
	 */
	public DynamoDbTables(DynamoDbClient client) {
		this(client, DEFAULT_ADMIN_TIMEOUT);
	}

	/**
	 * Creates an instance that works through the given client.
	 * @param client the DynamoDB client
	 * @param adminTimeout time allowed for each control-plane call, retries included, replacing the client's API
	 * call and attempt timeouts for these calls; also bounds the wait for a created table to become active
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	public DynamoDbTables(DynamoDbClient client, Duration adminTimeout) {
		if (adminTimeout == null || adminTimeout.isNegative() || adminTimeout.isZero()) {
			throw new IllegalArgumentException("adminTimeout must be positive but was " + adminTimeout);
		}
		this.client = client;
		this.requestTimeout = AwsRequestOverrideConfiguration.builder()
			.apiCallTimeout(adminTimeout)
			.apiCallAttemptTimeout(adminTimeout)
			.build();
		this.waiterTimeout = WaiterOverrideConfiguration.builder()
			.waitTimeout(adminTimeout)
			.maxAttempts(Integer.MAX_VALUE)
			.backoffStrategyV2(BackoffStrategy.fixedDelay(TABLE_POLL_INTERVAL))
			.build();
	}

	/**
	 * Creates the table with on-demand billing, unless it exists, waits until it is active, and enables TTL on it
	 * unless TTL is already enabled.
	 * @param tableName the table name
	 * @param layout the key schema and TTL attribute
	 * @return {@code true} if the table was created, {@code false} if it existed
	 */
	public boolean createIfMissing(String tableName, TableLayout layout) {
		List<AttributeDefinition> attributes = new ArrayList<>();
		for (KeySchemaElement key : layout.keySchema()) {
			attributes.add(AttributeDefinition.builder()
				.attributeName(key.attributeName())
				.attributeType(ScalarAttributeType.S)
				.build());
		}
		boolean created;
		try {
			this.client.createTable((request) -> request.tableName(tableName)
				.keySchema(layout.keySchema())
				.attributeDefinitions(attributes)
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.overrideConfiguration(this.requestTimeout));
			created = true;
		}
		catch (ResourceInUseException ex) {
			created = false;
		}
		DescribeTableRequest describe = DescribeTableRequest.builder()
			.tableName(tableName)
			.overrideConfiguration(this.requestTimeout)
			.build();
		this.client.waiter().waitUntilTableExists(describe, this.waiterTimeout);
		// Also when the table existed: a CreateTable that timed out on the client may still have created it.
		TimeToLiveStatus ttl = this.client
			.describeTimeToLive((request) -> request.tableName(tableName).overrideConfiguration(this.requestTimeout))
			.timeToLiveDescription()
			.timeToLiveStatus();
		if (ttl == null || ttl == TimeToLiveStatus.DISABLED) {
			this.client.updateTimeToLive((request) -> request.tableName(tableName)
				.timeToLiveSpecification((spec) -> spec.attributeName(layout.ttlAttribute()).enabled(true))
				.overrideConfiguration(this.requestTimeout));
		}
		return created;
	}

	/**
	 * Checks that the table exists and has the layout's key schema, with DescribeTable.
	 * @param tableName the table name
	 * @param layout the expected key schema
	 * @return the table's description
	 * @throws TableSchemaException if the table is missing or its key schema differs
	 */
	public TableDescription verify(String tableName, TableLayout layout) {
		TableDescription table;
		try {
			table = this.client
				.describeTable((request) -> request.tableName(tableName).overrideConfiguration(this.requestTimeout))
				.table();
		}
		catch (ResourceNotFoundException ex) {
			throw new TableSchemaException(tableName, layout, "it does not exist");
		}
		return checkKeySchema(tableName, layout, table);
	}

	/**
	 * Checks, through the asynchronous client, that the table exists and has the layout's key schema, with
	 * DescribeTable bounded by {@link #DEFAULT_ADMIN_TIMEOUT}. Waits for the answer: this is start-up, not a decision.
	 * @param client the asynchronous client
	 * @param tableName the table name
	 * @param layout the expected key schema
	 * @return the table's description
	 * @throws TableSchemaException if the table is missing or its key schema differs
	 */
	static TableDescription verify(DynamoDbAsyncClient client, String tableName, TableLayout layout) {
		TableDescription table;
		try {
			table = client
				.describeTable((request) -> request.tableName(tableName)
					.overrideConfiguration((override) -> override.apiCallTimeout(DEFAULT_ADMIN_TIMEOUT)
						.apiCallAttemptTimeout(DEFAULT_ADMIN_TIMEOUT)))
				// The client's own timeout bounds the request; this bounds the wait should the client not answer.
				.orTimeout(DEFAULT_ADMIN_TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
				.join()
				.table();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				throw new TableSchemaException(tableName, layout, "it does not exist");
			}
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		return checkKeySchema(tableName, layout, table);
	}

	private static TableDescription checkKeySchema(String tableName, TableLayout layout, TableDescription table) {
		Map<String, String> types = table.attributeDefinitions()
			.stream()
			.collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString));
		Map<String, String> actual = table.keySchema()
			.stream()
			.collect(Collectors.toMap(KeySchemaElement::keyTypeAsString, KeySchemaElement::attributeName));
		Map<String, String> expected = layout.keySchema()
			.stream()
			.collect(Collectors.toMap(KeySchemaElement::keyTypeAsString, KeySchemaElement::attributeName));
		if (!actual.equals(expected)) {
			throw new TableSchemaException(tableName, layout, "its key schema is " + describe(actual, types));
		}
		for (String attribute : expected.values()) {
			if (!"S".equals(types.get(attribute))) {
				throw new TableSchemaException(tableName, layout,
						"key '" + attribute + "' has type " + types.get(attribute));
			}
		}
		return table;
	}

	/**
	 * Returns whether time to live is enabled on the layout's TTL attribute.
	 * @param tableName the table name
	 * @param layout the layout naming the TTL attribute
	 * @return {@code true} if TTL is enabled (or being enabled) on the expected attribute
	 */
	public boolean isTimeToLiveEnabled(String tableName, TableLayout layout) {
		var description = this.client
			.describeTimeToLive((request) -> request.tableName(tableName).overrideConfiguration(this.requestTimeout))
			.timeToLiveDescription();
		TimeToLiveStatus status = description.timeToLiveStatus();
		return layout.ttlAttribute().equals(description.attributeName())
				&& (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING);
	}

	private static String describe(Map<String, String> keys, Map<String, String> types) {
		Function<String, String> typed = (name) -> "'" + name + "' (" + types.get(name) + ")";
		String hash = "hash key " + typed.apply(keys.get("HASH"));
		return keys.containsKey("RANGE") ? hash + ", range key " + typed.apply(keys.get("RANGE")) : hash;
	}

}
