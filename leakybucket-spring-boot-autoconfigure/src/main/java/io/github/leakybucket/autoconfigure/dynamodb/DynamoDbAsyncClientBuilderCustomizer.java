package io.github.leakybucket.autoconfigure.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * Callback to customize the {@link DynamoDbAsyncClientBuilder} of the auto-configured asynchronous client, applied in
 * order after the properties.
 */
@FunctionalInterface
public interface DynamoDbAsyncClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(DynamoDbAsyncClientBuilder builder);

}
