package io.github.leakybucket.autoconfigure.dynamodb;

import java.time.Duration;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.dynamodb.TableSchemaException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Prepares a table at startup: creates it when {@code leakybucket.dynamodb.create-tables} allows, then checks it
 * with DescribeTable, so that a missing or wrongly keyed table fails startup with the property to fix. Every call
 * is bounded by {@code leakybucket.dynamodb.admin-timeout}, not by the decision timeout.
 */
public final class DynamoDbTableInitializer {

	private final DynamoDbTables tables;

	private final boolean createTables;

	/**
	 * Creates an initializer.
	 * @param client the client to create and describe tables with
	 * @param createTables whether to create missing tables
	 * @param adminTimeout time allowed for each control-plane call, and for the wait for a created table
	 */
	public DynamoDbTableInitializer(DynamoDbClient client, boolean createTables, Duration adminTimeout) {
		this.tables = new DynamoDbTables(client, adminTimeout);
		this.createTables = createTables;
	}

	/**
	 * Creates the table if allowed and missing, then checks its key schema.
	 * @param property the property that names the table, for the error message
	 * @param tableName the table name
	 * @param layout the key schema it must have
	 * @throws IllegalStateException naming the table, the expected schema and the property
	 */
	public void initialize(String property, String tableName, TableLayout layout) {
		try {
			if (this.createTables) {
				this.tables.createIfMissing(tableName, layout);
			}
			this.tables.verify(tableName, layout);
		}
		catch (TableSchemaException ex) {
			throw new IllegalStateException(ex.getMessage() + " Set " + property
					+ " to a table with that schema, or leakybucket.dynamodb.create-tables=true to create it.");
		}
	}

}
