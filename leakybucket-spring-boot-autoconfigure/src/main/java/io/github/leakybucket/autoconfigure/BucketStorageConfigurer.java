package io.github.leakybucket.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;

import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbTableInitializer;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.TableLayout;

/**
 * Applies leakybucket's properties, the {@link DecisionListener} beans and the table check to a
 * {@link DynamoDbBucketStorage.Builder}, alike for the blocking and the asynchronous client. An application that
 * builds its own storage on another client can use it to keep the auto-configured settings.
 */
public final class BucketStorageConfigurer {

	private final DynamoDbProperties dynamoDbProperties;

	private final LeakyBucketProperties properties;

	private final ObjectProvider<DynamoDbTableInitializer> tableInitializer;

	private final ObjectProvider<DecisionListener> listeners;

	BucketStorageConfigurer(DynamoDbProperties dynamoDbProperties, LeakyBucketProperties properties,
			ObjectProvider<DynamoDbTableInitializer> tableInitializer, ObjectProvider<DecisionListener> listeners) {
		this.dynamoDbProperties = dynamoDbProperties;
		this.properties = properties;
		this.tableInitializer = tableInitializer;
		this.listeners = listeners;
	}

	/**
	 * Checks or creates the bucket table, as {@code leakybucket.dynamodb.*} says, then builds the storage on it.
	 * @param builder a builder on the client to decide with
	 * @return the storage
	 */
	public DynamoDbBucketStorage build(DynamoDbBucketStorage.Builder builder) {
		String table = this.dynamoDbProperties.getTables().getBuckets();
		this.tableInitializer.getObject().initialize("leakybucket.dynamodb.tables.buckets", table, TableLayout.BUCKETS);
		return builder.tableName(table)
			// Checked by the initializer, which names the property to change.
			.verifyTable(false)
			.requestTimeout(this.dynamoDbProperties.getApiCallTimeout())
			.listener(DecisionListener.allOf(this.listeners.orderedStream().toList()))
			.localRejection(this.properties.isLocalRejection())
			.failureWarningInterval(this.properties.getFailureWarningInterval())
			.circuitBreaker(CircuitBreakerConfigurations.of(this.properties.getCircuitBreaker()))
			.build();
	}

}
