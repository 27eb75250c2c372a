package io.github.leakybucket.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates and checks the tables of a {@link TableLayout}.
 */
public final class DynamoDbTables {

	private final DynamoDbClient client;

	/**
	 * Creates an instance that works through the given client.
	 * @param client the DynamoDB client
	 */
	public DynamoDbTables(DynamoDbClient client) {
		this.client = client;
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
				.billingMode(BillingMode.PAY_PER_REQUEST));
			created = true;
		}
		catch (ResourceInUseException ex) {
			created = false;
		}
		this.client.waiter().waitUntilTableExists((request) -> request.tableName(tableName));
		// Also when the table existed: a CreateTable that timed out on the client may still have created it.
		TimeToLiveStatus ttl = this.client.describeTimeToLive((request) -> request.tableName(tableName))
			.timeToLiveDescription()
			.timeToLiveStatus();
		if (ttl == null || ttl == TimeToLiveStatus.DISABLED) {
			this.client.updateTimeToLive((request) -> request.tableName(tableName)
				.timeToLiveSpecification((spec) -> spec.attributeName(layout.ttlAttribute()).enabled(true)));
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
			table = this.client.describeTable((request) -> request.tableName(tableName)).table();
		}
		catch (ResourceNotFoundException ex) {
			throw new TableSchemaException(tableName, layout, "it does not exist");
		}
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
		var description = this.client.describeTimeToLive((request) -> request.tableName(tableName))
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
